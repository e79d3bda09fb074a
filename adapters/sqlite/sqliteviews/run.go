package sqliteviews

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
)

// viewsGroup is the consumer group of the views' subscription.
const viewsGroup = "views"

// Run projects the log into the views through a transactional watermill
// subscription to every topic: each event's view changes and the
// checkpoint commit together. It returns when ctx is done. A failing event
// is retried rather than skipped, since skipping would leave views that no
// replay reproduces; the subscriber paces the retries with backoff and
// reports them to Health. Run returns an error when the log no longer
// continues from the views' last event (bind.go).
func (v *Views) Run(ctx context.Context, p *app.Projector) error {
	// cur gathers the writes of the open transaction. The subscriber calls
	// BeforeCommit after the batch's last ack, while this loop waits for the
	// next message, so the two never touch it at once.
	var cur *viewTx
	// lastErr is the projection error logged last, so that an event that
	// keeps failing is logged once, not on every retry; a commit clears it.
	// The same ordering keeps it and diverged safe.
	var lastErr string
	var diverged error
	sub := v.store.TxSubscriber(v.wdb, viewsGroup, sqlite.TxHooks{
		BeforeCommit: func(ctx context.Context, tx *sql.Tx, batch []events.Envelope) error {
			w := cur
			cur = nil
			if err := v.recordSource(ctx, tx, batch); err != nil {
				if errors.Is(err, errDiverged) {
					diverged = err
				}
				return err
			}
			if w == nil || w.tx != tx {
				return nil // nothing projected in this transaction
			}
			// A flush is short and its transaction ends right after: it is
			// not interrupted half-way (a cancelled subscription rolls back
			// at the offset write instead).
			return w.flush(context.WithoutCancel(ctx))
		},
		Committed: func(position uint64) {
			lastErr = ""
			v.sourceCommitted()
			v.setApplied(position)
		},
		Failing: v.health.Set,
	})
	defer sub.Close()
	msgs, err := sub.Subscribe(ctx, sqlite.AllTopics)
	if err != nil {
		return err
	}
	log := v.store.Logger().With("consumer", viewsGroup)
	for msg := range msgs {
		if diverged != nil {
			msg.Nack()
			return diverged
		}
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
			if err.Error() != lastErr {
				lastErr = err.Error()
				log.Error("projection failed; retrying", "position", msg.Metadata.Get(events.MetaPosition), "err", err)
			}
			cur = nil // the transaction rolls back
			msg.Nack()
			continue
		}
		msg.Ack()
	}
	if ctx.Err() != nil {
		return nil
	}
	return errors.New("views: subscription ended")
}

// Rebuild empties the views and their checkpoint, binds them to the start
// of this ledger, then projects the whole log again until the views reach
// the log's head. Run must not be running.
func (v *Views) Rebuild(ctx context.Context, p *app.Projector) error {
	if err := v.reset(ctx); err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	return app.ProjectToHead(ctx, v.store, v, func(ctx context.Context) error { return v.Run(ctx, p) })
}
