// Package postgres is the event store on PostgreSQL (pgx v5): the
// events.Store port and a watermill Publisher and Subscriber on one shared
// database, for several claimsd processes serving one ledger.
//
// Each process has one writer goroutine that commits the appends arriving
// together in one transaction (group commit). Across processes, every
// append transaction first locks the single row of the head table, so
// appends are serialized and positions are assigned in commit order: a
// reader that sees position N+1 sees N. The hash chain continues from the
// head row read under that lock. Triggers refuse UPDATE, DELETE and
// TRUNCATE on the log.
package postgres

import (
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/claimledger/claimledger/events"
)

// Config configures a Store.
type Config struct {
	// DSN is a PostgreSQL connection string (postgres://…).
	DSN string
	// Schema holds the store's tables; created when missing (default
	// "claimledger"). Several ledgers can share a database in their own
	// schemas.
	Schema string
	// MaxPayloadBytes bounds one event's payload (default 1 MiB).
	MaxPayloadBytes int
	// MaxBatch bounds how many appends one transaction commits. 1 turns
	// group commit off: one transaction per append.
	MaxBatch int
	// MaxConns is the size of the connection pool (default 8).
	MaxConns int
	// Poll is how often subscribers look for events committed by other
	// processes when no notification arrived (default 1s); notifications
	// (LISTEN/NOTIFY) normally wake them at once.
	Poll time.Duration
	// Logger receives the store's diagnostics.
	Logger *slog.Logger
	// Observer, when set, learns of every transaction this process's
	// writer commits (metrics): other processes' commits are theirs.
	Observer events.CommitObserver
}

// Defaults for Config's zero fields.
const (
	DefaultSchema          = "claimledger"
	DefaultMaxPayloadBytes = 1 << 20
	DefaultMaxBatch        = 512
	DefaultMaxConns        = 8
	DefaultPoll            = time.Second
)

func (c *Config) setDefaults() {
	if c.Schema == "" {
		c.Schema = DefaultSchema
	}
	if c.MaxPayloadBytes == 0 {
		c.MaxPayloadBytes = DefaultMaxPayloadBytes
	}
	if c.MaxBatch == 0 {
		c.MaxBatch = DefaultMaxBatch
	}
	if c.MaxConns == 0 {
		c.MaxConns = DefaultMaxConns
	}
	if c.Poll == 0 {
		c.Poll = DefaultPoll
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// schemaName is what a schema's name may be: it is spliced into SQL
// unquoted.
var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// CheckSchema refuses a schema name that may not be spliced into SQL: the
// store's, and the views' kept beside it (adapters/postgres/pgviews).
func CheckSchema(name string) error {
	if !schemaName.MatchString(name) {
		return fmt.Errorf("schema %q: want lower-case letters, digits and _", name)
	}
	return nil
}

// Validate reports every problem with c at once.
func (c *Config) Validate() error {
	var errs []error
	if c.DSN == "" {
		errs = append(errs, errors.New("dsn is empty"))
	}
	if err := CheckSchema(c.Schema); err != nil {
		errs = append(errs, err)
	}
	if c.MaxPayloadBytes < 0 {
		errs = append(errs, fmt.Errorf("max payload %d is negative", c.MaxPayloadBytes))
	}
	if c.MaxBatch < 0 {
		errs = append(errs, fmt.Errorf("max batch %d is negative", c.MaxBatch))
	}
	if c.MaxConns < 0 {
		errs = append(errs, fmt.Errorf("max conns %d is negative", c.MaxConns))
	}
	if c.Poll < 0 {
		errs = append(errs, fmt.Errorf("poll %v is negative", c.Poll))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("postgres config: %w", err)
	}
	return nil
}
