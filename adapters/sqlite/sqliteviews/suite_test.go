package sqliteviews_test

import (
	"path/filepath"
	"testing"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/adapters/sqlite/sqliteviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/app/viewstest"
)

// TestViews runs the views conformance suite on the SQLite views, fed from
// the SQLite store.
func TestViews(t *testing.T) {
	viewstest.Run(t, func(t *testing.T) (app.Store, app.Views) {
		dir := t.TempDir()
		store, err := sqlite.Open(sqlite.Config{Path: filepath.Join(dir, "events.db")})
		if err != nil {
			t.Fatal(err)
		}
		views, err := sqliteviews.Open(store, filepath.Join(dir, "views.db"))
		if err != nil {
			store.Close()
			t.Fatal(err)
		}
		t.Cleanup(func() {
			views.Close()
			store.Close()
		})
		return store, views
	})
}
