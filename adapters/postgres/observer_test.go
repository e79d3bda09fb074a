package postgres_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/events/storetest"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// The observer sees every commit of this process's writer with its batch
// size, and each append learns the size of the batch it was committed in
// (AppendResult.Batch): the commit that holds its positions reports the
// same number of appends. Retries and conflicts write nothing and are not
// counted.
func TestStore_Observer_seesEveryCommittedAppend(t *testing.T) {
	dsn := pgtest.DSN(t)
	obs := &storetest.CommitLog{}
	s := openIn(t, dsn, pgtest.NewSchema(t, dsn), postgres.Config{Observer: obs})
	const writers, eventsEach = 16, 3
	var wg sync.WaitGroup
	acked := make(chan events.AppendResult, writers)
	for i := range writers {
		wg.Go(func() {
			req := events.AppendRequest{StreamID: fmt.Sprintf("obs-%d", i), RequestID: fmt.Sprintf("rq-%d", i)}
			for n := range eventsEach {
				req.Events = append(req.Events, events.Proposed{Type: "test.happened", Payload: []byte(fmt.Sprintf(`{"n":%d}`, n))})
			}
			r, err := s.Append(t.Context(), req)
			if err != nil {
				t.Error(err)
				return
			}
			acked <- r
			if r, err := s.Append(t.Context(), req); err != nil || !r.Replayed || r.Batch != 0 {
				t.Errorf("retry: %+v, %v; want replayed with no batch", r, err)
			}
		})
	}
	wg.Wait()
	close(acked)
	if _, err := s.Append(t.Context(), events.AppendRequest{StreamID: "obs-0", Expected: events.Exact(1),
		Events: []events.Proposed{{Type: "test.happened", Payload: []byte(`{}`)}}}); err == nil {
		t.Fatal("append at a stale version succeeded")
	}

	head, _, err := s.Head(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	obs.Check(t, head, writers, writers*eventsEach)
	stats := obs.Stats()
	for r := range acked {
		var in *events.CommitStats
		for i := range stats {
			if c := &stats[i]; c.Head-uint64(c.Events) < r.FromPosition && r.ToPosition <= c.Head {
				in = c
			}
		}
		if in == nil || r.Batch != in.Appends {
			t.Errorf("append at %d-%d says batch %d; the commit holding it: %+v", r.FromPosition, r.ToPosition, r.Batch, in)
		}
	}
}

// Group commit shows in the batch sizes: appenders that arrive together
// share transactions, and with MaxBatch 1 every append is alone.
func TestStore_Batch_groupCommit(t *testing.T) {
	dsn := pgtest.DSN(t)
	for _, c := range []struct {
		maxBatch int
		wantMax  func(int) bool
	}{
		{0, func(n int) bool { return n > 1 }},
		{1, func(n int) bool { return n == 1 }},
	} {
		t.Run(fmt.Sprint("max_batch_", c.maxBatch), func(t *testing.T) {
			s := openIn(t, dsn, pgtest.NewSchema(t, dsn), postgres.Config{MaxBatch: c.maxBatch})
			var mu sync.Mutex
			largest := 0
			var wg sync.WaitGroup
			for g := range 32 {
				wg.Go(func() {
					for i := range 10 {
						r, err := s.Append(t.Context(), events.AppendRequest{StreamID: fmt.Sprintf("claim-%d", g), Expected: events.Exact(uint64(i)),
							Events: []events.Proposed{{Type: "test.happened", Payload: []byte(`{}`)}}})
						if err != nil {
							t.Error(err)
							return
						}
						if r.Batch < 1 {
							t.Errorf("append at %d: batch %d", r.FromPosition, r.Batch)
						}
						mu.Lock()
						largest = max(largest, r.Batch)
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if !c.wantMax(largest) {
				t.Errorf("largest batch %d with MaxBatch %d", largest, c.maxBatch)
			}
		})
	}
}
