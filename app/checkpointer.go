package app

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/events"
)

// Checkpointer signs the log's head now and then and records the signature
// as an events.TypeCheckpointSigned event, so that an auditor holding the
// public key can prove the chain up to each checkpoint was not rewritten.
type Checkpointer struct {
	store events.Store
	key   ed25519.PrivateKey
	// Every signs once this many events were written since the last
	// checkpoint; Interval signs when the head moved and this long passed.
	Every    uint64
	Interval time.Duration
	now      func() time.Time
	// last is the position of the last checkpoint event, lastAt when it
	// was recorded.
	last   uint64
	lastAt time.Time
}

// NewCheckpointer returns a checkpointer signing with key every 1000
// events or every minute, whichever comes first.
func NewCheckpointer(store events.Store, key ed25519.PrivateKey) *Checkpointer {
	return &Checkpointer{store: store, key: key, Every: 1000, Interval: time.Minute, now: time.Now}
}

// Run signs until ctx is done, looking at the head every second (or every
// Interval when shorter). It returns ctx's error, or the first failure to
// read the head or record a checkpoint.
func (c *Checkpointer) Run(ctx context.Context) error {
	if err := c.loadLast(ctx); err != nil {
		return err
	}
	tick := time.NewTicker(min(c.Interval, time.Second))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		if _, err := c.maybeSign(ctx); err != nil {
			return err
		}
	}
}

// loadLast finds the last checkpoint recorded, so a restart does not sign
// again what is already signed.
func (c *Checkpointer) loadLast(ctx context.Context) error {
	last, err := c.store.ReadStream(ctx, events.CheckpointStream, events.ReadStreamOptions{Backward: true, Limit: 1})
	if err != nil {
		return fmt.Errorf("read the last checkpoint: %w", err)
	}
	if len(last) == 1 {
		var cp events.Checkpoint
		if err := json.Unmarshal(last[0].Payload, &cp); err != nil {
			return fmt.Errorf("read the last checkpoint: %w", err)
		}
		c.last, c.lastAt = covered(cp.Position, last[0].Position), last[0].RecordedAt
	} else {
		c.lastAt = c.now()
	}
	return nil
}

// maybeSign records a checkpoint when enough was written or enough time
// passed; a log that has not moved since the last checkpoint is not signed
// again.
func (c *Checkpointer) maybeSign(ctx context.Context) (bool, error) {
	head, hash, err := c.store.Head(ctx)
	if err != nil {
		return false, fmt.Errorf("checkpoint: read head: %w", err)
	}
	if head <= c.last || head-c.last < c.Every && c.now().Sub(c.lastAt) < c.Interval {
		return false, nil
	}
	return true, c.sign(ctx, head, hash)
}

// SignNow records a checkpoint of the head unless the last one already
// covers it: what a server does on its way down, so a clean stop leaves
// every event signed. Call it only when Run has returned (or was never
// started): the Checkpointer is not safe for concurrent use.
func (c *Checkpointer) SignNow(ctx context.Context) error {
	if c.lastAt.IsZero() {
		if err := c.loadLast(ctx); err != nil {
			return err
		}
	}
	head, hash, err := c.store.Head(ctx)
	if err != nil {
		return fmt.Errorf("checkpoint: read head: %w", err)
	}
	if head <= c.last {
		return nil
	}
	return c.sign(ctx, head, hash)
}

// sign records a checkpoint of the head at position with hash. Other
// appends may land between the read of the head and this one; the
// checkpoint still signs exactly the head it read.
func (c *Checkpointer) sign(ctx context.Context, position uint64, hash []byte) error {
	payload, err := json.Marshal(events.SignCheckpoint(c.key, position, hash))
	if err != nil {
		return err
	}
	res, err := c.store.Append(ctx, events.AppendRequest{StreamID: events.CheckpointStream, Expected: events.Any,
		Events: []events.Proposed{{Type: events.TypeCheckpointSigned, Payload: payload, Actor: System.ID}}})
	if err != nil {
		return fmt.Errorf("checkpoint: record: %w", err)
	}
	c.last, c.lastAt = covered(position, res.ToPosition), c.now()
	return nil
}

// covered is how far a checkpoint at checkpointAt signing position leaves
// the log signed: to itself when it follows the position it signs, else
// (appends landed between the read of the head and the checkpoint's own)
// only to that position, so the next round, a clean stop's above all,
// signs those appends too.
func covered(position, checkpointAt uint64) uint64 {
	if checkpointAt == position+1 {
		return checkpointAt
	}
	return position
}
