package sqliteviews

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
)

// viewsGroup is the consumer group of the views' subscription.
const viewsGroup = "views"

// Run projects the log into the views through a transactional watermill
// subscription to every topic: each event's view changes and the
// checkpoint commit together. It returns when ctx is done. A failing event
// is retried with backoff rather than skipped, since skipping would leave
// views that no replay reproduces.
func (v *Views) Run(ctx context.Context, p *app.Projector) error {
	// cur gathers the writes of the open transaction. The subscriber calls
	// BeforeCommit after the batch's last ack, while this loop waits for the
	// next message, so the two never touch it at once.
	var cur *viewTx
	sub := v.store.TxSubscriber(v.wdb, viewsGroup, sqlite.TxHooks{
		BeforeCommit: func(ctx context.Context, tx *sql.Tx) error {
			w := cur
			cur = nil
			if w == nil || w.tx != tx {
				return nil // nothing projected in this transaction
			}
			// A flush is short and its transaction ends right after: it is
			// not interrupted half-way (a cancelled subscription rolls back
			// at the offset write instead).
			return w.flush(context.WithoutCancel(ctx))
		},
		Committed: v.setApplied,
	})
	defer sub.Close()
	msgs, err := sub.Subscribe(ctx, sqlite.AllTopics)
	if err != nil {
		return err
	}
	log := v.store.Logger().With("consumer", viewsGroup)
	backoff := 10 * time.Millisecond
	for msg := range msgs {
		tx, _ := sqlite.TxFromContext(msg.Context())
		env, err := events.FromMessage(msg)
		if err == nil {
			if cur == nil || cur.tx != tx {
				cur = newViewTx(tx, v)
			}
			err = p.Apply(msg.Context(), cur, &env)
		} else if msg.Metadata.Get(events.MetaType) == "" {
			err = nil // a plain watermill message: nothing to project
		}
		if err != nil {
			log.Error("projection failed; retrying", "position", msg.Metadata.Get(events.MetaPosition), "err", err)
			cur = nil // the transaction rolls back
			msg.Nack()
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
			}
			backoff = min(2*backoff, 5*time.Second)
			continue
		}
		backoff = 10 * time.Millisecond
		msg.Ack()
	}
	if ctx.Err() != nil {
		return nil
	}
	return errors.New("views: subscription ended")
}

// Rebuild empties the views and their checkpoint, then projects the whole
// log again until the views reach the log's head. Run must not be running.
func (v *Views) Rebuild(ctx context.Context, p *app.Projector) error {
	tx, err := v.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range viewTables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return fmt.Errorf("rebuild: empty %s: %w", t, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	v.applied.Set(0)
	v.access.Add(1) // the tokens are gone until the replay brings them back
	return app.ProjectToHead(ctx, v.store, v, func(ctx context.Context) error { return v.Run(ctx, p) })
}
