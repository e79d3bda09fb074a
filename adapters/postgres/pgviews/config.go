package pgviews

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/claimledger/claimledger/adapters/postgres"
)

// Config configures the views on PostgreSQL.
type Config struct {
	// DSN is a PostgreSQL connection string (postgres://…): usually the
	// database of the event store.
	DSN string
	// Schema holds the views' tables, created when missing (default
	// "claimledger_views"). Give each ledger's views a schema of their own.
	Schema string
	// MaxConns is the size of the views' connection pool for reads
	// (default 8). Run holds one more connection: the projector's (which
	// holds the views' lock), or the listener's while it follows.
	MaxConns int
	// Poll is how often a replica that does not project looks at the
	// views' checkpoint when no notification arrived, and tries to take
	// over projecting (default 500ms).
	Poll time.Duration
	// Logger receives the projection's diagnostics (default slog.Default()).
	Logger *slog.Logger
}

// Defaults for Config's zero fields.
const (
	DefaultSchema   = "claimledger_views"
	DefaultMaxConns = 8
	DefaultPoll     = 500 * time.Millisecond
)

func (c *Config) setDefaults() {
	if c.Schema == "" {
		c.Schema = DefaultSchema
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

// Validate reports every problem with c at once.
func (c *Config) Validate() error {
	var errs []error
	if c.DSN == "" {
		errs = append(errs, errors.New("dsn is empty"))
	}
	if err := postgres.CheckSchema(c.Schema); err != nil {
		errs = append(errs, err)
	}
	if c.MaxConns < 0 {
		errs = append(errs, fmt.Errorf("max conns %d is negative", c.MaxConns))
	}
	if c.Poll < 0 {
		errs = append(errs, fmt.Errorf("poll %v is negative", c.Poll))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("pgviews config: %w", err)
	}
	return nil
}
