package pgviews_test

import (
	"context"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/adapters/postgres/pgviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/app/viewstest"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// TestViews runs the views conformance suite on the PostgreSQL views, fed
// from the PostgreSQL store, each in a schema of its own.
func TestViews(t *testing.T) {
	dsn := pgtest.DSN(t)
	viewstest.Run(t, func(t *testing.T) (app.Store, app.Views) {
		store, views := open(t, dsn)
		return store, views
	})
}

// open opens a store and views on it in new schemas, closed and dropped
// when the test ends.
func open(t *testing.T, dsn string) (*postgres.Store, *pgviews.Views) {
	t.Helper()
	store, err := postgres.Open(postgres.Config{DSN: dsn, Schema: pgtest.NewSchema(t, dsn)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store, openViews(t, dsn, pgtest.NewSchema(t, dsn), store)
}

// openViews opens views in schema, closed when the test ends.
func openViews(t *testing.T, dsn, schema string, store *postgres.Store) *pgviews.Views {
	t.Helper()
	return openConfig(t, pgviews.Config{DSN: dsn, Schema: schema}, store)
}

// openConfig opens views with cfg, closed when the test ends.
func openConfig(t *testing.T, cfg pgviews.Config, store *postgres.Store) *pgviews.Views {
	t.Helper()
	views, err := pgviews.Open(t.Context(), cfg, store)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { views.Close() })
	return views
}

// running runs v's projector with p until the test ends or stop is
// called; stop checks that Run returned nil.
func running(t *testing.T, v *pgviews.Views, p *app.Projector) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- v.Run(ctx, p) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run after its context ended = %v, want nil", err)
		}
	}
	t.Cleanup(stop)
	return stop
}
