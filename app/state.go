package app

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/claimledger/claimledger/domain/claim"

	"github.com/claimledger/claimledger/events"
)

// streamState is a stream's decoded history. A state is never changed
// once made (it is shared by the caches and the commands reading them),
// except to remember, once, the claim its history folds to.
type streamState struct {
	history []any
	version uint64
	firstAt time.Time // when the stream's first event was recorded
	// folded is the claim the history folds to, once asked for (claim
	// streams only): deciding a command and building a view then cost no
	// fold of the whole history.
	folded atomic.Pointer[claim.Claim]
}

// claim is the claim the history folds to. It is shared: callers only read
// it or decide on it, which never changes a claim.
func (s *streamState) claim() (*claim.Claim, error) {
	if c := s.folded.Load(); c != nil {
		return c, nil
	}
	c, err := claim.FromHistory(s.history)
	if err != nil {
		return nil, err
	}
	s.folded.Store(c) // two callers racing here store equal claims
	return c, nil
}

// then returns the state after evs, the stream at version. The history is
// copied, never appended to in place, so a state handed out stays as it
// was; a folded claim is carried over by applying evs to a clone of it.
func (s *streamState) then(evs []any, version uint64, firstAt time.Time) *streamState {
	next := &streamState{history: append(slices.Clip(s.history), evs...), version: version, firstAt: s.firstAt}
	if s.version == 0 {
		next.firstAt = firstAt
	}
	if c := s.folded.Load(); c != nil {
		c = c.Clone()
		for _, e := range evs {
			if c.Apply(e) != nil {
				return next // claim() will fold the history and say what is wrong
			}
		}
		next.folded.Store(c)
	}
	return next
}

// extend returns the state after res recorded evs.
func (s *streamState) extend(evs []any, res events.AppendResult) *streamState {
	var first time.Time
	if len(res.Events) > 0 {
		first = res.Events[0].RecordedAt
	}
	return s.then(evs, res.ToVersion, first)
}

// loadStream decodes a stream's events up to version upTo (0: all of them).
func loadStream(ctx context.Context, store events.Store, reg *events.Registry, stream string, upTo uint64) (*streamState, error) {
	st := &streamState{}
	for {
		page, err := store.ReadStream(ctx, stream, events.ReadStreamOptions{From: st.version + 1, Limit: events.DefaultPageSize})
		if err != nil {
			return nil, err
		}
		for i := range page {
			if upTo != 0 && page[i].Version > upTo {
				return st, nil
			}
			e, err := reg.Decode(&page[i])
			if err != nil {
				return nil, err
			}
			if st.version == 0 {
				st.firstAt = page[i].RecordedAt
			}
			st.history = append(st.history, e)
			st.version = page[i].Version
		}
		if len(page) < events.DefaultPageSize {
			return st, nil
		}
	}
}

// maxCachedStates bounds the command handlers' cache of decoded streams.
const maxCachedStates = 50_000

// stateCache keeps the decoded streams the handlers last wrote, so a command
// does not read and decode its stream again. It is only a shortcut: an
// append made from a stale state fails its expected version, and the
// handler then reloads from the store.
type stateCache struct {
	mu sync.Mutex
	m  map[string]*streamState
}

func (c *stateCache) get(stream string) (*streamState, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.m[stream]
	return st, ok
}

func (c *stateCache) put(stream string, st *streamState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedStates {
		c.m = map[string]*streamState{}
	}
	c.m[stream] = st
}

func (c *stateCache) drop(stream string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, stream)
}
