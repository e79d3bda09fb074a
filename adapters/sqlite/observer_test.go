package sqlite_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
)

// commitLog records what the store reports of its commits.
type commitLog struct {
	mu    sync.Mutex
	stats []events.CommitStats
}

func (l *commitLog) Committed(c events.CommitStats) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stats = append(l.stats, c)
}

func TestStore_Observer_seesEveryCommittedAppend(t *testing.T) {
	obs := &commitLog{}
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

	obs.mu.Lock()
	defer obs.mu.Unlock()
	appends, evs := 0, 0
	var last uint64
	for _, c := range obs.stats {
		if c.Appends < 1 || c.Events < c.Appends || c.Head <= last || c.Took < c.Sync || c.Sync <= 0 {
			t.Errorf("implausible commit %+v after head %d", c, last)
		}
		appends, evs, last = appends+c.Appends, evs+c.Events, c.Head
	}
	if appends != writers || evs != writers*eventsEach || last != mustHead(t, s) {
		t.Errorf("observed %d appends, %d events, head %d; want %d, %d, %d", appends, evs, last, writers, writers*eventsEach, mustHead(t, s))
	}
}
