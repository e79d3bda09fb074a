package app

import "sync"

// streamLocks serialises the commands of this process on one stream. The
// store's optimistic concurrency would keep them correct anyway, but fifty
// reviewers voting on one claim at once would each lose the race many times
// over; queueing them costs one append each instead.
type streamLocks struct {
	mu sync.Mutex
	m  map[string]*streamLock
}

type streamLock struct {
	sync.Mutex
	refs int
}

func (l *streamLocks) lock(stream string) (unlock func()) {
	l.mu.Lock()
	if l.m == nil {
		l.m = map[string]*streamLock{}
	}
	e := l.m[stream]
	if e == nil {
		e = &streamLock{}
		l.m[stream] = e
	}
	e.refs++
	l.mu.Unlock()
	e.Lock()
	return func() {
		e.Unlock()
		l.mu.Lock()
		if e.refs--; e.refs == 0 {
			delete(l.m, stream)
		}
		l.mu.Unlock()
	}
}
