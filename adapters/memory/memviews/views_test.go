package memviews_test

import (
	"testing"

	"github.com/claimledger/claimledger/adapters/memory"
	"github.com/claimledger/claimledger/adapters/memory/memviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/app/viewstest"
)

// TestViews runs the views conformance suite on the in-memory views, fed
// from the in-memory store.
func TestViews(t *testing.T) {
	viewstest.Run(t, func(t *testing.T) (app.Store, app.Views) {
		store := memory.New()
		t.Cleanup(func() { store.Close() })
		return store, memviews.New(store, nil)
	})
}
