package sqlite_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/events/storetest"
)

func TestStore_Observer_seesEveryCommittedAppend(t *testing.T) {
	obs := &storetest.CommitLog{}
	s, err := sqlite.Open(sqlite.Config{Path: filepath.Join(t.TempDir(), "log.db"), Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const writers, eventsEach = 8, 3
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			req := events.AppendRequest{StreamID: fmt.Sprintf("obs-%d", i), RequestID: fmt.Sprintf("rq-%d", i)}
			for n := range eventsEach {
				req.Events = append(req.Events, events.Proposed{Type: "test.happened", Payload: []byte(fmt.Sprintf(`{"n":%d}`, n))})
			}
			if _, err := s.Append(t.Context(), req); err != nil {
				t.Error(err)
			}
			// A retry writes nothing and is not counted.
			if r, err := s.Append(t.Context(), req); err != nil || !r.Replayed {
				t.Errorf("retry: %+v, %v", r, err)
			}
		})
	}
	wg.Wait()
	// A conflict fails alone and is not counted either.
	if _, err := s.Append(t.Context(), events.AppendRequest{StreamID: "obs-0", Expected: events.Exact(1),
		Events: []events.Proposed{{Type: "test.happened", Payload: []byte(`{}`)}}}); err == nil {
		t.Fatal("append at a stale version succeeded")
	}

	obs.Check(t, mustHead(t, s), writers, writers*eventsEach)
}
