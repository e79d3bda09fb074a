// Package sqlite is the embedded event store: the events.Store port and a
// watermill Publisher and Subscriber on one SQLite file (mattn/go-sqlite3).
//
// One writer goroutine owns every write to the log and commits the appends
// that arrive together in one transaction (group commit), so durability
// (WAL with synchronous=FULL) costs one fsync per batch, not per append.
// Readers use their own connections and never wait for the writer.
package sqlite

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/claimledger/claimledger/events"
)

// Synchronous is SQLite's synchronous setting for the writer.
type Synchronous string

const (
	// Full syncs the WAL on every commit: an acknowledged append survives
	// power loss. The default.
	Full Synchronous = "FULL"
	// Normal syncs only at checkpoints: an acknowledged append survives a
	// process crash, but the commits since the last checkpoint can be lost
	// on power loss or an OS crash. The log stays consistent either way.
	Normal Synchronous = "NORMAL"
)

// Config configures a Store. The zero value plus a Path is the durable
// default profile.
type Config struct {
	// Path of the database file; created when missing.
	Path string
	// Synchronous is Full (default) or Normal.
	Synchronous Synchronous
	// BusyTimeout bounds how long a connection waits for SQLite's lock.
	BusyTimeout time.Duration
	// MaxPayloadBytes bounds one event's payload (default 1 MiB).
	MaxPayloadBytes int
	// MaxBatch bounds how many appends one transaction commits. 1 turns
	// group commit off: one transaction per append.
	MaxBatch int
	// Readers is the size of the read connection pool.
	Readers int
	// Logger receives the store's diagnostics.
	Logger *slog.Logger
	// Observer, when set, learns of every committed transaction (metrics).
	Observer events.CommitObserver
}

// Defaults for Config's zero fields.
const (
	DefaultMaxPayloadBytes = 1 << 20
	DefaultMaxBatch        = 512
	DefaultBusyTimeout     = 5 * time.Second
	DefaultReaders         = 4
)

func (c *Config) setDefaults() {
	if c.Synchronous == "" {
		c.Synchronous = Full
	}
	if c.BusyTimeout == 0 {
		c.BusyTimeout = DefaultBusyTimeout
	}
	if c.MaxPayloadBytes == 0 {
		c.MaxPayloadBytes = DefaultMaxPayloadBytes
	}
	if c.MaxBatch == 0 {
		c.MaxBatch = DefaultMaxBatch
	}
	if c.Readers == 0 {
		c.Readers = DefaultReaders
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Validate reports every problem with c at once.
func (c *Config) Validate() error {
	var errs []error
	if c.Path == "" {
		errs = append(errs, errors.New("path is empty"))
	}
	if c.Synchronous != Full && c.Synchronous != Normal {
		errs = append(errs, fmt.Errorf("synchronous %q: want FULL or NORMAL", c.Synchronous))
	}
	if c.BusyTimeout < 0 {
		errs = append(errs, fmt.Errorf("busy timeout %v is negative", c.BusyTimeout))
	}
	if c.MaxPayloadBytes < 0 {
		errs = append(errs, fmt.Errorf("max payload %d is negative", c.MaxPayloadBytes))
	}
	if c.MaxBatch < 0 {
		errs = append(errs, fmt.Errorf("max batch %d is negative", c.MaxBatch))
	}
	if c.Readers < 0 {
		errs = append(errs, fmt.Errorf("readers %d is negative", c.Readers))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite config: %w", err)
	}
	return nil
}
