// Package pgviews keeps the verification views on PostgreSQL, in tables of
// their own schema, fed from any events.Store (on a shared database, the
// PostgreSQL store's log): the views of several claimsd replicas serving
// one ledger.
//
// Replicas. Every replica opens the views on the same schema and calls Run.
// One of them projects: Run takes a session advisory lock on the schema and
// projects on the lock's own connection, each transaction writing the view
// rows and the checkpoint (views_source: the position and hash of the last
// event applied) together, then sending a NOTIFY. The others follow: they
// read the views as the projector committed them, and move their Applied
// (and AccessVersion) when the NOTIFY arrives, or at the latest every
// Config.Poll, so WaitApplied on any replica returns once the projector has
// committed the position. A follower also tries the lock at every Poll:
// when the projector's process dies, PostgreSQL ends its session and
// releases the lock, and a follower takes over from the checkpoint. The
// checkpoint is updated only from the position the projector read it at
// (compare and set, in the transaction), so even two projectors at once
// could never apply an event twice: the second one's transaction fails,
// and it reads the checkpoint again.
package pgviews

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Views are the verification views on PostgreSQL.
type Views struct {
	cfg   Config
	store events.Store
	pool  *pgxpool.Pool
	log   *slog.Logger

	applied app.Watermark
	access  atomic.Uint64 // the committed access version (views_source.access)
	health  viewsHealth
	// projecting: Run holds the views' lock and projects.
	projecting atomic.Bool
}

var _ app.Views = (*Views)(nil)

// Open connects to the database, creates the views' schema when missing,
// and checks the views against store's log (bind.go): views the log does
// not continue (another ledger's, ahead of the log, a log that differs at
// their position) are emptied, and Run projects the log into them again.
func Open(ctx context.Context, cfg Config, store events.Store) (*Views, error) {
	return open(ctx, cfg, store, true)
}

// OpenAsFound opens the views without checking them against the log and
// without emptying them, for a ledger whose hash chain is broken and that
// is served read-only for forensics: the views are evidence of what the
// log held before it was changed. Do not Run a projector on them.
func OpenAsFound(ctx context.Context, cfg Config, store events.Store) (*Views, error) {
	return open(ctx, cfg, store, false)
}

func open(ctx context.Context, cfg Config, store events.Store, bind bool) (*Views, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	pcfg, err := pgxpool.ParseConfig(cfg.DSN)
	if err != nil {
		return nil, fmt.Errorf("open views: %w", err)
	}
	pcfg.MaxConns = int32(cfg.MaxConns)
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("open views: %w", err)
	}
	v := &Views{cfg: cfg, store: store, pool: pool, log: cfg.Logger.With("views_schema", cfg.Schema)}
	if err := v.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	check := v.bind
	if !bind {
		check = v.refresh
	}
	if err := check(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return v, nil
}

func (v *Views) migrate(ctx context.Context) error {
	conn, err := v.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("open views: %w", err)
	}
	defer conn.Release()
	return migrate(ctx, conn.Conn(), v.cfg.Schema)
}

// Close closes the views' connections. Run must have returned.
func (v *Views) Close() error {
	v.pool.Close()
	return nil
}

// Applied implements app.ViewReader: the checkpoint as this process last
// saw it committed.
func (v *Views) Applied() uint64 { return v.applied.Applied() }

// WaitApplied implements app.ViewReader.
func (v *Views) WaitApplied(ctx context.Context, position uint64) error {
	return v.applied.WaitApplied(ctx, position)
}

// AccessVersion implements app.ViewReader. It is kept in the checkpoint
// row, so every replica sees it move with the commit that changed a
// reviewer or a token.
func (v *Views) AccessVersion() uint64 { return v.access.Load() }

// Schema is the schema holding the views' tables.
func (v *Views) Schema() string { return v.cfg.Schema }

// table is a table's name in the views' schema.
func (v *Views) table(name string) string { return v.cfg.Schema + "." + name }

// seen records a committed checkpoint: position and access version.
func (v *Views) seen(position, access uint64) {
	v.access.Store(access)
	if position != v.applied.Applied() {
		v.applied.Set(position)
	}
}
