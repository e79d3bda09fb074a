package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// Guarantee 2: optimistic concurrency per stream.
func (s *suite) testConcurrency(t *testing.T) {
	t.Run("exactlyOneWinnerPerRound", s.testRace)
	t.Run("expectedVersions", s.testExpectedVersions)
	t.Run("anyAlwaysSucceeds", s.testAnyConcurrent)
}

type attempt struct {
	res events.AppendResult
	err error
}

// race runs k appends at once, released together, and returns their outcomes.
func race(st events.Store, k int, req func(g int) events.AppendRequest) []attempt {
	out := make([]attempt, k)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for g := range k {
		wg.Go(func() {
			<-start
			r := req(g)
			out[g].res, out[g].err = st.Append(context.Background(), r)
		})
	}
	close(start)
	wg.Wait()
	return out
}

func (s *suite) testRace(t *testing.T) {
	st, _ := s.freshStore(t)
	const stream = "race-1"
	k, rounds := s.f.Concurrency, s.f.Rounds
	for r := range rounds {
		outcomes := race(st, k, func(g int) events.AppendRequest {
			return events.AppendRequest{StreamID: stream, Expected: events.Exact(uint64(r)),
				Events: []events.Proposed{ev("race.won", fmt.Sprintf(`{"round":%d,"g":%d}`, r, g))}}
		})
		winners := 0
		for g, o := range outcomes {
			if o.err == nil {
				winners++
				if o.res.FromVersion != uint64(r+1) {
					t.Errorf("round %d: winner %d got version %d, want %d", r, g, o.res.FromVersion, r+1)
				}
				continue
			}
			var ce *events.ConcurrencyError
			switch {
			case !errors.Is(o.err, events.ErrConcurrency):
				t.Errorf("round %d: loser %d: %v, want errors.Is ErrConcurrency", r, g, o.err)
			case !errors.As(o.err, &ce):
				t.Errorf("round %d: loser %d: %v, want a *events.ConcurrencyError", r, g, o.err)
			case ce.Current != uint64(r+1) || ce.StreamID != stream || ce.Expected != events.Exact(uint64(r)):
				t.Errorf("round %d: loser %d: ConcurrencyError{stream %q, expected %s, current %d}, want {%q, %d, %d}",
					r, g, ce.StreamID, ce.Expected, ce.Current, stream, r, r+1)
			}
		}
		if winners != 1 {
			t.Fatalf("round %d at expected version %d: %d of %d appends won, want exactly 1", r, r, winners, k)
		}
	}
	got := readStream(t, st, stream, 0)
	if len(got) != rounds {
		t.Fatalf("stream has %d events after %d rounds, want %d", len(got), rounds, rounds)
	}
	assertDenseVersions(t, "race stream", got, 1)
	for i, e := range got {
		var p struct{ Round int }
		if err := json.Unmarshal(e.Payload, &p); err != nil || p.Round != i {
			t.Errorf("version %d holds %s, want the winner of round %d", e.Version, e.Payload, i)
		}
	}
	if h := mustHead(t, st); h.pos != uint64(rounds) {
		t.Errorf("Head position %d, want %d: a losing append wrote something", h.pos, rounds)
	}
}

func (s *suite) testExpectedVersions(t *testing.T) {
	st, _ := s.freshStore(t)
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-x", Expected: events.Exact(0), Events: batch(3, 0)}) // Exact(0) is NoStream

	tests := []struct {
		name     string
		stream   string
		expected events.ExpectedVersion
		wantErr  bool
		current  uint64 // stream version before the append
	}{
		{"noStreamOnExistingStreamFails", "claim-x", events.NoStream, true, 3},
		{"staleExactFails", "claim-x", events.Exact(2), true, 3},
		{"futureExactFails", "claim-x", events.Exact(4), true, 3},
		{"exactOnMissingStreamFails", "claim-missing", events.Exact(1), true, 0},
		{"exactCurrentSucceeds", "claim-x", events.Exact(3), false, 3},
		{"anyOnExistingStreamSucceeds", "claim-x", events.Any, false, 4},
		{"anyOnNewStreamSucceeds", "claim-y", events.Any, false, 0},
		{"noStreamOnNewStreamSucceeds", "claim-z", events.NoStream, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := mustHead(t, st)
			res, err := st.Append(t.Context(), events.AppendRequest{StreamID: tt.stream, Expected: tt.expected, Events: batch(1, 0)})
			if !tt.wantErr {
				if err != nil {
					t.Fatalf("Append(%s, expected %s) = %v, want success", tt.stream, tt.expected, err)
				}
				if res.FromVersion != tt.current+1 {
					t.Errorf("appended at version %d, want %d", res.FromVersion, tt.current+1)
				}
				return
			}
			var ce *events.ConcurrencyError
			if !errors.Is(err, events.ErrConcurrency) || !errors.As(err, &ce) {
				t.Fatalf("Append(%s, expected %s) = %v, want a *ConcurrencyError", tt.stream, tt.expected, err)
			}
			if ce.Current != tt.current {
				t.Errorf("ConcurrencyError.Current = %d, want the stream's version %d", ce.Current, tt.current)
			}
			assertHead(t, st, before, "after a conflicting append")
		})
	}
}

func (s *suite) testAnyConcurrent(t *testing.T) {
	st, _ := s.freshStore(t)
	k := s.f.Concurrency
	outcomes := race(st, k, func(g int) events.AppendRequest {
		return events.AppendRequest{StreamID: "claim-any", Expected: events.Any, Events: batch(2, 2*g)}
	})
	for g, o := range outcomes {
		if o.err != nil {
			t.Errorf("append %d with Any: %v", g, o.err)
		}
	}
	got := readStream(t, st, "claim-any", 0)
	if len(got) != 2*k {
		t.Fatalf("stream has %d events, want %d", len(got), 2*k)
	}
	assertDenseVersions(t, "claim-any", got, 1)
	// Each append's two events stay together: atomic and contiguous.
	for g, o := range outcomes {
		if o.err == nil && (o.res.ToVersion != o.res.FromVersion+1 || o.res.ToPosition != o.res.FromPosition+1) {
			t.Errorf("append %d: versions %d..%d positions %d..%d, want two consecutive", g, o.res.FromVersion, o.res.ToVersion, o.res.FromPosition, o.res.ToPosition)
		}
	}
}
