package storetest

import (
	"sync"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// CommitLog is an events.CommitObserver that records every commit, for
// the tests of a store's observer.
type CommitLog struct {
	mu    sync.Mutex
	stats []events.CommitStats
}

// Committed implements events.CommitObserver.
func (l *CommitLog) Committed(c events.CommitStats) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stats = append(l.stats, c)
}

// Stats returns the commits recorded so far, in order.
func (l *CommitLog) Stats() []events.CommitStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]events.CommitStats(nil), l.stats...)
}

// Check fails t unless every commit recorded is plausible (at least one
// append, as many events as appends or more, the head moving forward, the
// sync within the transaction's time) and together they wrote appends
// appends and evs events, ending at head.
func (l *CommitLog) Check(t testing.TB, head uint64, appends, evs int) {
	t.Helper()
	gotAppends, gotEvents := 0, 0
	var last uint64
	for _, c := range l.Stats() {
		if c.Appends < 1 || c.Events < c.Appends || c.Head <= last || c.Took < c.Sync || c.Sync <= 0 {
			t.Errorf("implausible commit %+v after head %d", c, last)
		}
		gotAppends, gotEvents, last = gotAppends+c.Appends, gotEvents+c.Events, c.Head
	}
	if gotAppends != appends || gotEvents != evs || last != head {
		t.Errorf("observed %d appends, %d events, head %d; want %d, %d, %d", gotAppends, gotEvents, last, appends, evs, head)
	}
}
