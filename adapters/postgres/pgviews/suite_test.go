package pgviews_test

import (
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
	views, err := pgviews.Open(t.Context(), pgviews.Config{DSN: dsn, Schema: schema}, store)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { views.Close() })
	return views
}
