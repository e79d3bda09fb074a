package app_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
)

func appendN(t *testing.T, s events.Store, n int) {
	t.Helper()
	for i := range n {
		_, err := s.Append(t.Context(), events.AppendRequest{StreamID: fmt.Sprintf("test-%d", i), Expected: events.Any,
			Events: []events.Proposed{{Type: "test.happened", Payload: []byte(`{}`)}}})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func checkpoints(t *testing.T, s events.Store) []events.Envelope {
	t.Helper()
	cps, err := s.ReadStream(t.Context(), events.CheckpointStream, events.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return cps
}

func TestCheckpointer_SignNow_signsTheHeadOnceAndVerifies(t *testing.T) {
	s := newStore(t)
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	q := app.NewQueries(nil, s)
	if rep, err := q.VerifyCheckpoints(t.Context(), pub, 0, 0); err != nil || rep.OK() {
		t.Errorf("a log without checkpoints verified: %+v, %v", rep, err)
	}
	appendN(t, s, 5)
	c := app.NewCheckpointer(s, key)
	if err := c.SignNow(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Nothing new since: no second checkpoint over the same head.
	if err := c.SignNow(t.Context()); err != nil {
		t.Fatal(err)
	}
	// A new checkpointer (a restart) finds the last one.
	if err := app.NewCheckpointer(s, key).SignNow(t.Context()); err != nil {
		t.Fatal(err)
	}
	cps := checkpoints(t, s)
	if len(cps) != 1 || cps[0].Position != 6 || !strings.Contains(string(cps[0].Payload), `"position":5`) {
		t.Fatalf("checkpoints = %+v, want one at position 6 signing position 5", cps)
	}
	appendN(t, s, 2)
	if err := c.SignNow(t.Context()); err != nil {
		t.Fatal(err)
	}
	rep, err := q.VerifyCheckpoints(t.Context(), pub, 0, 0)
	if err != nil || !rep.OK() || rep.Checked != 2 || rep.LastSigned != 8 {
		t.Errorf("verify = %+v (fault %v), %v; want 2 checkpoints, the last signing position 8", rep, rep.Fault, err)
	}
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)
	if rep, _ := q.VerifyCheckpoints(t.Context(), otherPub, 0, 0); rep.OK() || rep.Fault.Position != 6 || !strings.Contains(rep.Fault.Reason, "another key") {
		t.Errorf("verify with another key = %+v %v", rep, rep.Fault)
	}
}

func TestCheckpointer_Run_signsEveryNEventsOrAfterTheInterval(t *testing.T) {
	s := newStore(t)
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	c := app.NewCheckpointer(s, key)
	c.Every, c.Interval = 3, time.Hour
	runCtx, stop := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- c.Run(runCtx) }()
	appendN(t, s, 2)                    // below Every, far from the interval: no checkpoint
	time.Sleep(1500 * time.Millisecond) // the poll is every second
	if n := len(checkpoints(t, s)); n != 0 {
		t.Errorf("%d checkpoints after 2 events, want 0", n)
	}
	appendN(t, s, 1)
	waitFor(t, func() bool { return len(checkpoints(t, s)) == 1 })
	stop()
	<-done

	// With a short interval, a moved log is signed without reaching Every.
	c = app.NewCheckpointer(s, key)
	c.Every, c.Interval = 1000, 20*time.Millisecond
	runCtx, stop = context.WithCancel(t.Context())
	go func() { done <- c.Run(runCtx) }()
	defer func() { stop(); <-done }()
	appendN(t, s, 1)
	waitFor(t, func() bool { return len(checkpoints(t, s)) == 2 })
	time.Sleep(100 * time.Millisecond) // the log did not move again: no more
	if n := len(checkpoints(t, s)); n != 2 {
		t.Errorf("%d checkpoints with an idle log, want 2", n)
	}
}

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
	}
}

// slippingStore records another event just before its next checkpoint,
// once, as a command does that commits between the checkpointer's read of
// the head and its append.
type slippingStore struct {
	app.Store
	t       *testing.T
	slipped bool
}

func (s *slippingStore) Append(ctx context.Context, req events.AppendRequest) (events.AppendResult, error) {
	if req.StreamID == events.CheckpointStream && !s.slipped {
		s.slipped = true
		appendN(s.t, s.Store, 1)
	}
	return s.Store.Append(ctx, req)
}

// An event that lands between the read of the head and the checkpoint is
// not signed by it: the next SignNow (a clean stop's), or a restarted
// checkpointer's, signs it, so no event is left unsigned; then nothing is
// signed twice.
func TestCheckpointer_SignNow_signsWhatSlippedInBeforeTheCheckpoint(t *testing.T) {
	for _, next := range []string{"the same checkpointer", "a restarted one"} {
		t.Run(next, func(t *testing.T) {
			base := newStore(t)
			_, key, _ := ed25519.GenerateKey(rand.Reader)
			appendN(t, base, 3)
			c := app.NewCheckpointer(&slippingStore{Store: base, t: t}, key)
			if err := c.SignNow(t.Context()); err != nil { // signs 3; 4 slips in; the checkpoint is 5
				t.Fatal(err)
			}
			if next != "the same checkpointer" {
				c = app.NewCheckpointer(base, key)
			}
			if err := c.SignNow(t.Context()); err != nil {
				t.Fatal(err)
			}
			if err := app.NewCheckpointer(base, key).SignNow(t.Context()); err != nil {
				t.Fatal(err)
			}
			cps := checkpoints(t, base)
			if len(cps) != 2 || !strings.Contains(string(cps[0].Payload), `"position":3`) || !strings.Contains(string(cps[1].Payload), `"position":5`) {
				t.Fatalf("%d checkpoints; want the one that missed position 4, then one signing 5, and no more", len(cps))
			}
		})
	}
}
