package events

import "time"

// CommitObserver learns of every transaction a store's writer commits, so an
// operator can see batch sizes and durability costs without the store
// knowing how they are reported (Prometheus, logs, a test).
//
// Committed is called on the writer's goroutine after the commit is durable
// and before the next batch starts: it must be quick and must not call back
// into the store. It is never called for a batch that failed or wrote
// nothing.
type CommitObserver interface {
	Committed(c CommitStats)
}

// CommitStats describes one committed transaction of the log.
type CommitStats struct {
	// Appends is how many append requests (and imports) the transaction
	// recorded together: the group-commit batch size.
	Appends int
	// Events is how many events it wrote.
	Events int
	// Head is the log's position after the commit.
	Head uint64
	// Took is from the start of the transaction to the end of its commit.
	Took time.Duration
	// Sync is how long the COMMIT statement took: where the write-ahead log
	// is written and, under a durable profile, fsynced.
	Sync time.Duration
}
