package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is the event store on PostgreSQL. Open several Stores (in one
// process or many) on one database and schema: they share one log.
type Store struct {
	cfg    Config
	pool   *pgxpool.Pool
	w      *writer
	notify *events.Notifier
	listen *listener
	// openCheck is what Open verified of the chain; see OpenCheck.
	openCheck events.VerifyReport
	ledgerID  string             // see LedgerID
	writing   events.WriterState // see WriterHealth

	closeMu sync.RWMutex
	closed  bool
}

var (
	_ events.Store         = (*Store)(nil)
	_ events.MultiAppender = (*Store)(nil)
	_ events.RequestFinder = (*Store)(nil)
	_ events.HashReader    = (*Store)(nil)
)

// Open connects to the database, creates the schema when missing,
// verifies the chain appended since an earlier Open verified it (see
// OpenCheck) and starts the writer and the listener for other processes'
// commits.
func Open(cfg Config) (*Store, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	pcfg, err := pgxpool.ParseConfig(cfg.DSN)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	// The writer holds one connection and the listener another.
	pcfg.MaxConns = int32(cfg.MaxConns) + 2
	ctx := context.Background()
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	s := &Store{cfg: cfg, pool: pool, notify: events.NewNotifier()}
	if err := s.open(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) open(ctx context.Context) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	err = migrate(ctx, conn.Conn(), s.cfg.Schema, events.GenesisHash, newLedgerID())
	conn.Release()
	if err != nil {
		return err
	}
	if err := s.readLedgerID(ctx); err != nil {
		return err
	}
	if s.openCheck, err = s.verifyOnOpen(ctx); err != nil {
		return fmt.Errorf("verify schema %s: %w", s.cfg.Schema, err)
	}
	if s.listen, err = startListener(ctx, s); err != nil {
		return err
	}
	if s.w, err = startWriter(ctx, s); err != nil {
		s.listen.stop()
		return err
	}
	return nil
}

// Close implements events.Store: the writer commits what is queued, then
// subscriptions end and the pool closes.
func (s *Store) Close() error {
	s.closeMu.Lock()
	if s.closed {
		s.closeMu.Unlock()
		return nil
	}
	s.closed = true
	s.closeMu.Unlock()
	s.w.stop()
	s.notify.Close()
	s.listen.stop()
	s.pool.Close()
	return nil
}

func (s *Store) ensureOpen() error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return events.ErrClosed
	}
	return nil
}

// table is a table's name in the store's schema.
func (s *Store) table(name string) string { return s.cfg.Schema + "." + name }

// Logger is where the store, and what runs on it (views kept beside it),
// reports diagnostics.
func (s *Store) Logger() *slog.Logger { return s.cfg.Logger }
