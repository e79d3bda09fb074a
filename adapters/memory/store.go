// Package memory is the in-memory event store: every guarantee of
// events.Store but durability beyond the process, as watermill's gochannel
// is to its SQL Pub/Sub. It is the reference the app and gRPC tests run on,
// so they need no database.
package memory

import (
	"sort"
	"sync"

	"github.com/claimledger/claimledger/events"
)

// DefaultMaxPayloadBytes bounds an event's payload, as the SQLite store's
// default does.
const DefaultMaxPayloadBytes = 1 << 20

// Log is what an in-memory store keeps: the events, the head recorded apart
// from them (so a missing tail is found), and the request ids. It outlives
// the Store that wrote it, as a file outlives its process: Open a new Store
// on it to continue.
type Log struct {
	mu       sync.RWMutex
	events   []events.Envelope // in position order
	headPos  uint64
	headHash []byte
	requests map[string]request
	// Indexes derived from events, rebuilt by Open.
	streams map[string][]uint64 // positions by version-1
	ids     map[string]uint64   // event id → position
	// changed is closed and replaced at every commit.
	changed chan struct{}
}

// request is an append recorded under a request id.
type request struct {
	from, to    uint64
	fingerprint []byte
}

// NewLog returns an empty log.
func NewLog() *Log {
	return &Log{headHash: events.GenesisHash, requests: map[string]request{}, changed: make(chan struct{})}
}

// reindex rebuilds the indexes from the events.
func (l *Log) reindex() {
	l.streams, l.ids = map[string][]uint64{}, map[string]uint64{}
	for i := range l.events {
		e := &l.events[i]
		l.streams[e.StreamID] = append(l.streams[e.StreamID], e.Position)
		l.ids[e.EventID] = e.Position
	}
}

// index is where position pos is in l.events, or -1. Positions are sorted,
// but a log changed behind the store's back may have gaps.
func (l *Log) index(pos uint64) int {
	i := sort.Search(len(l.events), func(i int) bool { return l.events[i].Position >= pos })
	if i < len(l.events) && l.events[i].Position == pos {
		return i
	}
	return -1
}

// after is the index of the first event with a position after pos.
func (l *Log) after(pos uint64) int {
	return sort.Search(len(l.events), func(i int) bool { return l.events[i].Position > pos })
}

// Store is an events.Store on a Log. It implements events.MultiAppender
// and events.RequestFinder as the SQLite store does.
type Store struct {
	log        *Log
	maxPayload int
	closeOnce  sync.Once
	closed     chan struct{}
}

var (
	_ events.Store         = (*Store)(nil)
	_ events.MultiAppender = (*Store)(nil)
	_ events.RequestFinder = (*Store)(nil)
)

// New returns a store on a new, empty log.
func New() *Store { return Open(NewLog()) }

// Open returns a store on l, continuing where it ends. Only one open store
// should write to a log at a time, as with a file.
func Open(l *Log) *Store {
	l.mu.Lock()
	l.reindex()
	l.mu.Unlock()
	return &Store{log: l, maxPayload: DefaultMaxPayloadBytes, closed: make(chan struct{})}
}

// Log is the store's log, to open again after Close.
func (s *Store) Log() *Log { return s.log }

// Close implements events.Store: later calls fail with events.ErrClosed and
// subscriptions end. It is safe to call more than once.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.log.mu.Lock()
		s.log.broadcast() // subscriptions see the store closed
		s.log.mu.Unlock()
	})
	return nil
}

func (s *Store) ensureOpen() error {
	select {
	case <-s.closed:
		return events.ErrClosed
	default:
		return nil
	}
}
