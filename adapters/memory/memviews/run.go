package memviews

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
)

// Run implements app.Projection: it follows the store's log from the
// views' position and applies what is committed, up to maxBatch events per
// transaction. An event that fails to project drops its transaction, and
// the log is followed again from the views' position after a backoff:
// skipping would leave views that no replay reproduces.
func (v *Views) Run(ctx context.Context, p *app.Projector) error {
	backoff := 10 * time.Millisecond
	for {
		from := v.Applied()
		err := v.follow(ctx, p)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, events.ErrClosed) {
			return fmt.Errorf("views: %w", err)
		}
		if v.Applied() != from {
			backoff = 10 * time.Millisecond
		}
		v.log.Error("projection failed; retrying", "applied", v.Applied(), "err", err)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return nil
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// follow projects transaction after transaction until an error, or nil
// when ctx is done.
func (v *Views) follow(ctx context.Context, p *app.Projector) error {
	sub, err := v.store.Subscribe(ctx, v.Applied())
	if err != nil {
		return err
	}
	defer sub.Close()
	for {
		batch, err := v.gather(ctx, sub)
		if err != nil || len(batch) == 0 {
			return err
		}
		tx := newViewTx()
		for i := range batch {
			if err := p.Apply(ctx, tx, &batch[i]); err != nil {
				return fmt.Errorf("project position %d: %w", batch[i].Position, err)
			}
		}
		v.commit(tx, batch[len(batch)-1].Position)
	}
}

// gather waits for the next event, then takes the events committed with it
// or before it was read, up to v.batchSize: one transaction for a backlog.
// It returns nothing when ctx is done.
func (v *Views) gather(ctx context.Context, sub events.Subscription) ([]events.Envelope, error) {
	var batch []events.Envelope
	last := uint64(0)
	for {
		select {
		case e, ok := <-sub.Events():
			if !ok {
				if ctx.Err() != nil {
					return nil, nil
				}
				if err := sub.Err(); err != nil {
					return nil, err
				}
				return nil, errors.New("views: subscription ended")
			}
			batch = append(batch, e)
		case <-ctx.Done():
			return nil, nil
		}
		if len(batch) == 1 {
			head, _, err := v.store.Head(ctx)
			if err != nil {
				return nil, err
			}
			last = min(head, batch[0].Position+uint64(v.batchSize)-1)
		}
		if batch[len(batch)-1].Position >= last {
			return batch, nil
		}
	}
}

// Rebuild implements app.Projection.
func (v *Views) Rebuild(ctx context.Context, p *app.Projector) error {
	v.mu.Lock()
	v.rows = emptyRows()
	v.mu.Unlock()
	v.applied.Set(0)
	v.access.Add(1) // the tokens are gone until the replay brings them back
	return app.ProjectToHead(ctx, v.store, v, func(ctx context.Context) error { return v.Run(ctx, p) })
}
