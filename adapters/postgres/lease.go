package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// leaseTime is how long a consumer may hold its group's cursor on a topic
// for one message before another consumer may take it over (a process that
// died mid-message does not stall its group). A handler slower than this
// may see its message delivered again elsewhere: delivery is at least once.
const leaseTime = 30 * time.Second

// cursor is a consumer's hold on its group's offset on one topic. Every
// consumer of a group, in any process, takes the lease before it delivers a
// message and gives it back with its ack or nack, so a group has at most one
// message of a topic in flight: it sees the topic once and in order.
type cursor struct {
	s            *Store
	group, topic string
	owner        string // this consumer
}

// create makes sure the group has an offset on the topic.
func (c *cursor) create(ctx context.Context) error {
	if _, err := c.s.pool.Exec(ctx, "INSERT INTO "+c.s.table("subscriber_offsets")+
		" (consumer_group, topic, position) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING", c.group, c.topic); err != nil {
		return fmt.Errorf("create offset of group %q on %q: %w", c.group, c.topic, err)
	}
	return nil
}

// take leases the cursor and returns the group's offset; false when another
// consumer holds it.
func (c *cursor) take(ctx context.Context) (uint64, bool, error) {
	var offset uint64
	err := c.s.pool.QueryRow(ctx, "UPDATE "+c.s.table("subscriber_offsets")+
		" SET lease_owner = $3, lease_until = now() + $4::interval WHERE consumer_group = $1 AND topic = $2"+
		" AND (lease_until < now() OR lease_owner = $3) RETURNING position",
		c.group, c.topic, c.owner, fmt.Sprintf("%d milliseconds", leaseTime.Milliseconds())).Scan(&offset)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("lease offset of group %q on %q: %w", c.group, c.topic, err)
	}
	return offset, true, nil
}

// commit records position as processed by the group and renews the lease
// for the next message. It fails when the lease was lost (taken over after
// leaseTime).
func (c *cursor) commit(ctx context.Context, position uint64) error {
	tag, err := c.s.pool.Exec(ctx, "UPDATE "+c.s.table("subscriber_offsets")+
		" SET position = $4, lease_until = now() + $5::interval WHERE consumer_group = $1 AND topic = $2 AND lease_owner = $3",
		c.group, c.topic, c.owner, position, fmt.Sprintf("%d milliseconds", leaseTime.Milliseconds()))
	if err != nil {
		return fmt.Errorf("store offset %d of group %q on %q: %w", position, c.group, c.topic, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store offset %d of group %q on %q: the lease was taken over", position, c.group, c.topic)
	}
	return nil
}

// release gives the lease back without advancing: the message is
// delivered again.
func (c *cursor) release(ctx context.Context) error {
	_, err := c.s.pool.Exec(ctx, "UPDATE "+c.s.table("subscriber_offsets")+
		" SET lease_owner = '', lease_until = '-infinity' WHERE consumer_group = $1 AND topic = $2 AND lease_owner = $3",
		c.group, c.topic, c.owner)
	if err != nil {
		return fmt.Errorf("release offset of group %q on %q: %w", c.group, c.topic, err)
	}
	return nil
}
