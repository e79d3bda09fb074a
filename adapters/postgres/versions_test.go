package postgres_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// TestExpectedVersionAcrossStores races appenders of two Stores (two
// pools, as two processes) on one stream, each appending at the version it
// last read: exactly one append per version wins, the others get
// ErrConcurrency, and the stream ends with one event per win.
func TestExpectedVersionAcrossStores(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	stores := [2]*postgres.Store{openIn(t, dsn, schema, postgres.Config{}), openIn(t, dsn, schema, postgres.Config{})}
	const rounds, racers = 10, 8
	ctx := t.Context()
	for round := range rounds {
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins, conflicts := 0, 0
		for r := range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := stores[r%2].Append(ctx, events.AppendRequest{StreamID: "claim-shared", Expected: events.Exact(uint64(round)),
					Events: []events.Proposed{{Type: "Voted", Payload: []byte(`{}`)}}})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins++
				case errors.Is(err, events.ErrConcurrency):
					conflicts++
				default:
					t.Errorf("round %d: %v", round, err)
				}
			}()
		}
		wg.Wait()
		if wins != 1 || conflicts != racers-1 {
			t.Fatalf("round %d: %d appends won and %d conflicted, want 1 and %d", round, wins, conflicts, racers-1)
		}
	}
	got, err := stores[0].ReadStream(ctx, "claim-shared", events.ReadStreamOptions{})
	if err != nil || len(got) != rounds {
		t.Fatalf("stream holds %d events (%v), want %d", len(got), err, rounds)
	}
}
