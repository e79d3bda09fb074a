package events

import (
	"errors"
	"testing"
	"time"
)

// woken tells whether changed is closed within a second.
func woken(changed <-chan struct{}) bool {
	select {
	case <-changed:
		return true
	case <-time.After(time.Second):
		return false
	}
}

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
	if !woken(changed) {
		t.Fatal("not woken when the condition turned failing")
	}
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
	if !woken(changed) {
		t.Fatal("not woken when the condition turned well")
	}
	if err, _ := c.Get(); err != nil {
		t.Fatalf("Get after recovery = %v", err)
	}
}

// Every follower holding the channel is woken, not only one.
func TestCondition_wakesEveryFollower(t *testing.T) {
	var c Condition
	_, a := c.Get()
	_, b := c.Get()
	c.Set(errors.New("io error"))
	if !woken(a) || !woken(b) {
		t.Fatal("a follower was not woken")
	}
}
