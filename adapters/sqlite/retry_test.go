package sqlite

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// A consumer failing for ten minutes on a fake clock: the waits follow the
// schedule (10 ms doubling to 5 s), the log gets the first failure, one
// summary per 30 s of failing and the recovery, and the health hook hears
// of the start and the end only.
func TestRetrier_backsOffAndSummarises(t *testing.T) {
	var logs bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var waits []time.Duration
	var states []error
	r := newRetrier(slog.New(slog.NewTextHandler(&logs, nil)), func(err error) { states = append(states, err) })
	r.now = func() time.Time { return clock }
	r.sleep = func(_ context.Context, d time.Duration) bool {
		waits = append(waits, d)
		clock = clock.Add(d)
		return true
	}
	diskFull := errors.New("database or disk is full")
	start := clock
	for clock.Sub(start) < 10*time.Minute {
		if !r.failed(t.Context(), diskFull) {
			t.Fatal("failed returned false with a live context")
		}
	}
	r.succeeded()
	r.succeeded() // nothing more to report

	want := retryMinBackoff
	for i, w := range waits {
		if w != want {
			t.Fatalf("wait %d = %v, want %v (waits %v)", i, w, want, waits[:i+1])
		}
		want = min(2*want, retryMaxBackoff)
	}
	// Nine doubling waits (10 ms to 2.56 s, 5.11 s in all), then 5 s waits
	// until ten minutes have passed: 119 of them.
	if n := len(waits); n != 9+119 {
		t.Errorf("%d attempts in 10 minutes, want 128", n)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	var first, summaries, recovered int
	for _, l := range lines {
		switch {
		case strings.Contains(l, "consumer transaction failed"):
			first++
		case strings.Contains(l, "still failing"):
			summaries++
		case strings.Contains(l, "recovered"):
			recovered++
		}
	}
	if first != 1 || summaries < 19 || summaries > 20 || recovered != 1 || len(lines) != first+summaries+recovered {
		t.Errorf("log: %d first, %d summaries, %d recovered in %d lines; want 1, 19 or 20 (one per 30 s), 1:\n%s",
			first, summaries, recovered, len(lines), logs.String())
	}
	if len(states) != 2 || !errors.Is(states[0], diskFull) || states[1] != nil {
		t.Errorf("health changes = %v, want [the error, nil]", states)
	}
	// After a recovery the schedule starts over.
	waits = nil
	r.failed(t.Context(), diskFull)
	if waits[0] != retryMinBackoff {
		t.Errorf("first wait after a recovery = %v, want %v", waits[0], retryMinBackoff)
	}
}

func TestRetrier_stopsWaitingWhenCancelled(t *testing.T) {
	r := newRetrier(slog.New(slog.DiscardHandler), nil)
	r.minWait = time.Hour
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if r.failed(ctx, errors.New("x")) {
		t.Error("failed waited out an hour on a cancelled context")
	}
}
