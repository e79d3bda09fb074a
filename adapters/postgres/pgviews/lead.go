package pgviews

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

// maxBatch bounds how many events one projection transaction applies.
const maxBatch = 256

// project runs the projector on conn, which holds the views' lock, until
// ctx is done (nil), the log diverges, the store is closed, or conn
// fails. An event that fails
// to project, or a transaction that fails to commit, is retried from the
// checkpoint after a backoff, never skipped: skipping would leave views
// that no replay reproduces.
func (v *Views) project(ctx context.Context, conn *pgx.Conn, p *app.Projector) error {
	backoff := 10 * time.Millisecond
	lastErr := ""
	for {
		from := v.Applied()
		err := v.lead(ctx, conn, p)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, errDiverged) || errors.Is(err, events.ErrClosed) {
			return err
		}
		if conn.Ping(ctx) != nil {
			return err
		}
		if errors.Is(err, errMoved) {
			p.Forget() // the views were reset elsewhere: read the streams again
			continue
		}
		v.health.set(err)
		if err.Error() != lastErr {
			lastErr = err.Error()
			v.log.Error("projection failed; retrying", "applied", v.Applied(), "err", err)
		}
		if v.Applied() != from {
			backoff = 10 * time.Millisecond
		}
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return nil
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// lead reads the checkpoint, then projects the log from there, one
// transaction after another, until an error, or nil when ctx is done.
func (v *Views) lead(ctx context.Context, conn *pgx.Conn, p *app.Projector) error {
	var src sourcePoint
	var access uint64
	if err := conn.QueryRow(ctx, "SELECT position, hash, access FROM "+v.table("views_source")+" WHERE id = 1").Scan(&src.pos, &src.hash, &access); err != nil {
		return fmt.Errorf("read views checkpoint: %w", err)
	}
	v.seen(src.pos, access)
	sub, err := v.store.Subscribe(ctx, src.pos)
	if err != nil {
		return err
	}
	defer sub.Close()
	for {
		batch, err := v.next(ctx, sub)
		if err != nil || ctx.Err() != nil {
			return err
		}
		if len(batch) == 0 { // idle for a Poll: were the views reset elsewhere?
			if err := v.stillAt(ctx, conn, src); err != nil {
				return err
			}
			continue
		}
		if first := &batch[0]; first.Position != src.pos+1 || !bytes.Equal(first.PrevHash, src.hash) {
			return fmt.Errorf("%w: the views applied position %d, the next event is %d and chains onto another",
				errDiverged, src.pos, first.Position)
		}
		w := newViewTx()
		for i := range batch {
			if err := p.Apply(ctx, w, &batch[i]); err != nil {
				return fmt.Errorf("project position %d: %w", batch[i].Position, err)
			}
		}
		last := &batch[len(batch)-1]
		to := sourcePoint{last.Position, last.Hash}
		access, err := v.commit(ctx, conn, w, src, to)
		if err != nil {
			return err
		}
		src = to
		v.health.set(nil)
		v.seen(to.pos, access)
	}
}

// stillAt checks that the checkpoint is where the projector left it: a
// Rebuild in another process rewinds it while this projector waits for
// events, and the projector must then project the log again.
func (v *Views) stillAt(ctx context.Context, conn *pgx.Conn, src sourcePoint) error {
	var pos uint64
	var hash []byte
	if err := conn.QueryRow(ctx, "SELECT position, hash FROM "+v.table("views_source")+" WHERE id = 1").Scan(&pos, &hash); err != nil {
		return fmt.Errorf("read views checkpoint: %w", err)
	}
	if pos != src.pos || !bytes.Equal(hash, src.hash) {
		return errMoved
	}
	return nil
}

// next takes the next transaction's events: it waits for one, then takes
// the events the log held when it arrived, up to maxBatch, so a backlog is
// applied in few transactions. It returns nothing when ctx is done or no
// event came for a Poll interval.
func (v *Views) next(ctx context.Context, sub events.Subscription) ([]events.Envelope, error) {
	idle := time.NewTimer(v.cfg.Poll)
	defer idle.Stop()
	first, ok, err := receive(ctx, sub, idle.C)
	if !ok {
		return nil, err
	}
	head, _, err := v.store.Head(ctx)
	if err != nil {
		return nil, err
	}
	batch := []events.Envelope{first}
	for last := min(head, first.Position+maxBatch-1); batch[len(batch)-1].Position < last; {
		e, ok, err := receive(ctx, sub, nil)
		if !ok {
			return nil, err
		}
		batch = append(batch, e)
	}
	return batch, nil
}

// receive is the subscription's next event; false when it ended (with its
// error), ctx is done or timeout fired (nil).
func receive(ctx context.Context, sub events.Subscription, timeout <-chan time.Time) (events.Envelope, bool, error) {
	select {
	case <-timeout:
		return events.Envelope{}, false, nil
	case e, ok := <-sub.Events():
		if ok {
			return e, true, nil
		}
		if ctx.Err() != nil {
			return e, false, nil
		}
		if err := sub.Err(); err != nil {
			return e, false, err
		}
		return e, false, errors.New("views: subscription ended")
	case <-ctx.Done():
		return events.Envelope{}, false, nil
	}
}
