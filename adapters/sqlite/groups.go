package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/claimledger/claimledger/events"
)

// groupKey names a consumer group's cursor on one topic.
type groupKey struct{ name, topic string }

// groups holds the consumer-group cursors of one store. Subscribers of the
// same group on the same topic share a cursor: they compete for messages,
// one in flight at a time, so the group sees the topic once and in order.
type groups struct {
	s  *Store
	mu sync.Mutex
	m  map[groupKey]*group
}

func newGroups(s *Store) *groups { return &groups{s: s, m: map[groupKey]*group{}} }

func (gs *groups) get(ctx context.Context, name, topic string) (*group, error) {
	gs.mu.Lock()
	defer gs.mu.Unlock()
	k := groupKey{name, topic}
	if g, ok := gs.m[k]; ok {
		return g, nil
	}
	var offset uint64
	err := gs.s.odb.QueryRowContext(ctx, "SELECT position FROM subscriber_offsets WHERE consumer_group = ? AND topic = ?", name, topic).Scan(&offset)
	if err != nil && err != sql.ErrNoRows {
		return nil, fmt.Errorf("load offset of group %q on %q: %w", name, topic, err)
	}
	g := &group{s: gs.s, key: k, offset: offset, changed: make(chan struct{})}
	gs.m[k] = g
	return g, nil
}

// closeAll wakes every waiting subscriber so it can see the store closed.
func (gs *groups) closeAll() {
	gs.mu.Lock()
	defer gs.mu.Unlock()
	for _, g := range gs.m {
		g.mu.Lock()
		g.broadcast()
		g.mu.Unlock()
	}
}

// group is one consumer group's cursor on one topic.
type group struct {
	s        *Store
	key      groupKey
	mu       sync.Mutex
	offset   uint64            // last acknowledged position, as stored
	buf      []events.Envelope // read ahead, all after offset
	inflight bool
	changed  chan struct{} // closed when inflight or offset changes
}

func (g *group) broadcast() {
	close(g.changed)
	g.changed = make(chan struct{})
}

// next waits for the group's next message and marks it in flight.
func (g *group) next(ctx context.Context) (events.Envelope, error) {
	for {
		g.mu.Lock()
		if g.inflight || len(g.buf) == 0 {
			changed := g.changed
			var wake <-chan struct{}
			if !g.inflight {
				wake = g.s.notify.Wait()
				page, err := g.s.readTopic(ctx, g.key.topic, g.offset, subscribePage)
				if err != nil {
					g.mu.Unlock()
					return events.Envelope{}, err
				}
				g.buf = page
			}
			if g.inflight || len(g.buf) == 0 {
				g.mu.Unlock()
				select {
				case <-changed:
				case <-wake:
				case <-ctx.Done():
					return events.Envelope{}, ctx.Err()
				}
				if g.s.notify.IsClosed() {
					return events.Envelope{}, events.ErrClosed
				}
				continue
			}
		}
		e := g.buf[0]
		g.inflight = true
		g.mu.Unlock()
		return e, nil
	}
}

// ack records position as processed by the group and frees the cursor.
func (g *group) ack(ctx context.Context, position uint64) error {
	_, err := g.s.odb.ExecContext(ctx, `INSERT INTO subscriber_offsets (consumer_group, topic, position) VALUES (?, ?, ?)
		ON CONFLICT (consumer_group, topic) DO UPDATE SET position = excluded.position`, g.key.name, g.key.topic, position)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inflight = false
	if err == nil {
		g.offset = position
		if len(g.buf) > 0 && g.buf[0].Position == position {
			g.buf = g.buf[1:]
		}
	}
	g.broadcast()
	if err != nil {
		return fmt.Errorf("store offset %d of group %q on %q: %w", position, g.key.name, g.key.topic, err)
	}
	return nil
}

// release frees the cursor without advancing: the message is redelivered.
func (g *group) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inflight = false
	g.broadcast()
}
