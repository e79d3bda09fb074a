package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5/pgxpool"
)

// listener turns other processes' commits into wakes: each append
// transaction sends a NOTIFY on the schema's channel, which PostgreSQL
// delivers at commit. A lost connection or a missed notification costs at
// most one Poll interval, since the listener also wakes on a timer.
type listener struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// channel is the NOTIFY channel of a schema.
func channel(schema string) string { return "claimledger_" + schema }

func startListener(ctx context.Context, s *Store) (*listener, error) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	l := &listener{cancel: cancel, done: make(chan struct{})}
	go l.run(ctx, s.pool, channel(s.cfg.Schema), s.cfg.Poll, s.notify)
	return l, nil
}

func (l *listener) run(ctx context.Context, pool *pgxpool.Pool, ch string, poll time.Duration, n *events.Notifier) {
	defer close(l.done)
	for ctx.Err() == nil {
		l.listen(ctx, pool, ch, poll, n)
		n.Advance()
		select {
		case <-ctx.Done():
		case <-time.After(poll):
		}
	}
}

// listen waits for notifications on one connection until it fails.
func (l *listener) listen(ctx context.Context, pool *pgxpool.Pool, ch string, poll time.Duration, n *events.Notifier) {
	pc, err := pool.Acquire(ctx)
	if err != nil {
		return
	}
	// The connection is left in LISTEN state, so it leaves the pool.
	conn := pc.Hijack()
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+strconv.Quote(ch)); err != nil {
		return
	}
	for ctx.Err() == nil {
		wctx, cancel := context.WithTimeout(ctx, poll)
		_, err := conn.WaitForNotification(wctx)
		cancel()
		if err != nil && wctx.Err() == nil {
			return
		}
		// A notification, or a poll tick: either way, look again.
		n.Advance()
	}
}

func (l *listener) stop() {
	l.cancel()
	<-l.done
}
