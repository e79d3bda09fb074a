package app

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/claimledger/claimledger/events"
)

// streamState is a stream's decoded history.
type streamState struct {
	history []any
	version uint64
	firstAt time.Time // when the stream's first event was recorded
}

// extend returns the state after res recorded evs. The history is copied,
// never appended to in place, so a state handed out stays as it was.
func (s *streamState) extend(evs []any, res events.AppendResult) *streamState {
	next := &streamState{history: append(slices.Clip(s.history), evs...), version: res.ToVersion, firstAt: s.firstAt}
	if s.version == 0 && len(res.Events) > 0 {
		next.firstAt = res.Events[0].RecordedAt
	}
	return next
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
