package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/adapters/postgres/pgviews"
	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/adapters/sqlite/sqliteviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
)

// eventStore is what claimsd needs of an event store, whichever the engine.
type eventStore interface {
	app.Store
	// OpenCheck is what the store verified of the hash chain when it
	// opened (from where an earlier open left off); a store that found it
	// broken refuses every append.
	OpenCheck() events.VerifyReport
}

// writerHealth is implemented by stores that report whether their writer
// can write (the SQLite store: a full disk, an I/O error); the error is nil
// while it can, and the channel is closed at its next change.
type writerHealth interface {
	WriterHealth() (error, <-chan struct{})
}

// serverViews is what claimsd needs of a views adapter: the queries' reads,
// the projector's run, the match index ingest reads, whether the projector
// can commit (health), and the claims by status (metrics).
type serverViews interface {
	app.Views
	app.MatchIndex
	// Health is the projector's failure to commit (nil when it commits),
	// and a channel closed at its next change.
	Health() (error, <-chan struct{})
	ClaimsByStatus(ctx context.Context) (map[string]int, error)
}

// openStore opens --db: a SQLite file, or a PostgreSQL database shared with
// other claimsd. observer, when not nil, learns of the commits (metrics).
func (s *server) openStore(observer events.CommitObserver) error {
	log := s.log.With("component", "store")
	if isPostgres(s.o.db) {
		st, err := postgres.Open(postgres.Config{DSN: s.o.db, Logger: log, Observer: observer})
		if err != nil {
			return fmt.Errorf("open event store %s: %w", redactDSN(s.o.db), err)
		}
		s.store, s.pg = st, st
		return nil
	}
	st, err := sqlite.Open(sqlite.Config{Path: s.o.db, Synchronous: sqlite.Synchronous(s.o.synchronous), Logger: log, Observer: observer})
	if err != nil {
		return fmt.Errorf("open event store %s: %w", s.o.db, err)
	}
	s.store, s.sqlite = st, st
	return nil
}

// openViews opens the views the queries read: a SQLite file bound to a
// SQLite ledger, or, on PostgreSQL, the views every replica shares in the
// same database (one replica projects, the others follow its commits).
func (s *server) openViews(ctx context.Context) (serverViews, error) {
	if s.pg != nil {
		v, err := pgviews.Open(ctx, pgviews.Config{DSN: s.o.db, Logger: s.log.With("component", "views")}, s.store)
		if err != nil {
			return nil, fmt.Errorf("open views in %s: %w", redactDSN(s.o.db), err)
		}
		return v, nil
	}
	open := sqliteviews.Open
	if s.broken() { // keep the views as evidence of what the log held
		open = sqliteviews.OpenAsFound
	}
	v, err := open(s.sqlite, s.o.viewsDB)
	if err != nil {
		return nil, fmt.Errorf("open views %s: %w", s.o.viewsDB, err)
	}
	return v, nil
}

// subscriber is a watermill Subscriber on the log for a consumer group,
// with its cursor kept with the log: on PostgreSQL shared by the replicas,
// so each message of the group is handled by one of them.
func (s *server) subscriber(group string) message.Subscriber {
	if s.pg != nil {
		return s.pg.Subscriber(group)
	}
	return s.sqlite.Subscriber(group)
}

// redactDSN is a connection string fit for a log: without its password.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unparsable)"
	}
	return u.Redacted()
}

// dbForLog is --db as the logs may show it.
func (o options) dbForLog() string {
	if isPostgres(o.db) {
		return redactDSN(o.db)
	}
	return o.db
}
