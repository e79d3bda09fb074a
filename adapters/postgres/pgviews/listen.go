package pgviews

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// channel is the NOTIFY channel of the views' commits.
func (v *Views) channel() string { return "claimledger_views_" + v.cfg.Schema }

// listener waits for the projector's commit notifications on a connection
// of its own (a connection in LISTEN state leaves the pool). A lost
// connection costs at most the wait: followers read the checkpoint after
// every wait, notified or not.
type listener struct {
	v    *Views
	conn *pgx.Conn
}

// wait returns at the next notification, after d, or when ctx is done.
func (l *listener) wait(ctx context.Context, d time.Duration) {
	if l.conn == nil && !l.listen(ctx) {
		select {
		case <-time.After(d):
		case <-ctx.Done():
		}
		return
	}
	wctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	if _, err := l.conn.WaitForNotification(wctx); err != nil && wctx.Err() == nil {
		l.close() // the connection failed: listen again next time
	}
}

func (l *listener) listen(ctx context.Context) bool {
	pc, err := l.v.pool.Acquire(ctx)
	if err != nil {
		return false
	}
	conn := pc.Hijack()
	if _, err := conn.Exec(ctx, "LISTEN "+strconv.Quote(l.v.channel())); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return false
	}
	l.conn = conn
	return true
}

func (l *listener) close() {
	if l.conn != nil {
		l.conn.Close(context.Background())
		l.conn = nil
	}
}
