package events

import (
	"errors"
	"testing"
)

func TestCondition_wakesFollowersOnTurnsOnly(t *testing.T) {
	var c Condition
	err, changed := c.Get()
	if err != nil {
		t.Fatalf("zero Condition = %v, want well", err)
	}
	c.Set(nil) // no turn
	select {
	case <-changed:
		t.Fatal("woken without a turn")
	default:
	}
	full := errors.New("disk full")
	c.Set(full)
	<-changed
	err, changed = c.Get()
	if err != full {
		t.Fatalf("Get = %v, want %v", err, full)
	}
	other := errors.New("still full")
	c.Set(other) // the failure goes on: no wake, the error is updated
	select {
	case <-changed:
		t.Fatal("woken while the failure went on")
	default:
	}
	if err, _ := c.Get(); err != other {
		t.Fatalf("Get = %v, want the latest error", err)
	}
	c.Set(nil)
	<-changed
	if err, _ := c.Get(); err != nil {
		t.Fatalf("Get after recovery = %v", err)
	}
}
