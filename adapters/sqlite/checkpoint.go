package sqlite

import (
	"context"
	"database/sql"
	"time"
)

// checkpointInterval is how often the checkpointer copies the WAL into the
// database file while appends are arriving.
const checkpointInterval = 100 * time.Millisecond

// leaveWALToCheckpointer is run on a connection whose commits a
// checkpointer serves: the connection checkpoints by itself only if the WAL
// grows far past SQLite's default (1000 pages), when the checkpointer cannot
// keep up.
const leaveWALToCheckpointer = "PRAGMA wal_autocheckpoint = 20000"

// checkpointer moves WAL checkpoints off the writer. SQLite's automatic
// checkpoint runs inside the commit that crosses the threshold, so the
// writer (and every append waiting on it) would pay for copying pages and
// syncing the database file; on its own connection it runs on the other
// core while the writer goes on. PASSIVE never blocks the writer.
type checkpointer struct {
	db      *sql.DB
	dirty   chan struct{}
	stop    chan struct{}
	stopped chan struct{}
}

func startCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, dirty: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	go c.run()
	return c
}

// committed tells the checkpointer there is WAL to copy. It never blocks.
func (c *checkpointer) committed() {
	select {
	case c.dirty <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer close(c.stopped)
	t := time.NewTicker(checkpointInterval)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		select {
		case <-c.dirty:
			c.db.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)")
		default:
		}
	}
}

// close stops the checkpointer and folds the whole WAL into the database,
// so a closed store is one self-contained file.
func (c *checkpointer) close() {
	close(c.stop)
	<-c.stopped
	c.db.ExecContext(context.Background(), "PRAGMA wal_checkpoint(TRUNCATE)")
}
