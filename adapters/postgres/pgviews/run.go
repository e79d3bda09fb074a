package pgviews

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
)

// Run implements app.Projection. The replica that holds the views' lock
// projects (lead.go); the others follow the checkpoint and try the lock at
// every Config.Poll (see the package comment). Run returns nil when ctx is
// done, and an error when the store is closed or the log no longer
// continues from the views' last event (bind.go: reopening the views
// rebuilds them).
func (v *Views) Run(ctx context.Context, p *app.Projector) error {
	l := &listener{v: v}
	defer l.close()
	lastErr := "" // logged once while the same error repeats (a database that is down)
	for {
		conn, err := v.tryLock(ctx)
		if conn != nil {
			l.close() // a projector needs no notifications
			v.projecting.Store(true)
			err = v.project(ctx, conn, p)
			v.projecting.Store(false)
			conn.Close(context.WithoutCancel(ctx)) // ends the session: the lock is released
		}
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, errDiverged) || errors.Is(err, events.ErrClosed) {
			return fmt.Errorf("views: %w", err)
		}
		if err != nil && err.Error() != lastErr {
			v.log.Error("views: cannot project here; following the checkpoint until the lock is taken again", "err", err)
		}
		if conn != nil || err == nil {
			lastErr = ""
		} else {
			lastErr = err.Error()
		}
		v.follow(ctx, l)
	}
}

// Projecting says whether this process projects the views now (holds the
// views' lock), rather than following another's projector.
func (v *Views) Projecting() bool { return v.projecting.Load() }

// lockSQL takes the views' lock, a session advisory lock named after the
// views' schema, if no other session holds it.
const lockSQL = "SELECT pg_try_advisory_lock(hashtext('claimledger.views.' || $1))"

// tryLock returns a connection of its own holding the views' lock, or nil
// when another session holds it.
func (v *Views) tryLock(ctx context.Context) (*pgx.Conn, error) {
	pc, err := v.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("views lock: %w", err)
	}
	var got bool
	if err := pc.QueryRow(ctx, lockSQL, v.cfg.Schema).Scan(&got); err != nil {
		pc.Release()
		return nil, fmt.Errorf("views lock: %w", err)
	}
	if !got {
		pc.Release()
		return nil, nil
	}
	// The lock belongs to the session: the connection leaves the pool, and
	// closing it releases the lock.
	return pc.Hijack(), nil
}

// follow keeps Applied and AccessVersion at the committed checkpoint for
// one Poll interval, waking on the projector's notifications.
func (v *Views) follow(ctx context.Context, l *listener) {
	deadline := time.Now().Add(v.cfg.Poll)
	if l.conn == nil {
		l.listen(ctx) // before reading the checkpoint, so no commit falls in between
	}
	for ctx.Err() == nil {
		if err := v.refresh(ctx); err != nil && ctx.Err() == nil {
			v.log.Debug("reading the views' checkpoint", "err", err) // Run logs the database's failure
		}
		d := time.Until(deadline)
		if d <= 0 {
			return
		}
		l.wait(ctx, d)
	}
}

// refresh reads the committed checkpoint.
func (v *Views) refresh(ctx context.Context) error {
	var pos, access uint64
	if err := v.pool.QueryRow(ctx, "SELECT position, access FROM "+v.table("views_source")+" WHERE id = 1").Scan(&pos, &access); err != nil {
		return fmt.Errorf("read views checkpoint: %w", err)
	}
	v.seen(pos, access)
	return nil
}

// Rebuild implements app.Projection: it empties the views and rewinds
// their checkpoint, then runs until the views reach the log's head. A
// projector in another process finds the checkpoint moved and projects
// from the start too; Run here follows it.
func (v *Views) Rebuild(ctx context.Context, p *app.Projector) error {
	if err := v.reset(ctx); err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	p.Forget()
	return app.ProjectToHead(ctx, v.store, v, func(ctx context.Context) error { return v.Run(ctx, p) })
}
