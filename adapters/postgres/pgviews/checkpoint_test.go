package pgviews_test

import (
	"errors"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/adapters/postgres/pgviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// TestCheckpointSurvivesRestart: views closed and opened again start at
// their committed checkpoint and go on from there; what they then hold
// equals a rebuild.
func TestCheckpointSurvivesRestart(t *testing.T) {
	dsn := pgtest.DSN(t)
	store, _ := open(t, dsn)
	schema := pgtest.NewSchema(t, dsn)
	cmds, err := app.NewCommands(store, app.NewRegistry(), policy)
	if err != nil {
		t.Fatal(err)
	}
	first := openViews(t, dsn, schema, store)
	stop := running(t, first, app.NewProjector(store, app.NewRegistry()))
	if _, err := cmds.Bootstrap(t.Context(), func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	ingest(t, cmds, 0)
	applied := waitHead(t, store, first)
	stop()
	first.Close()

	ingest(t, cmds, 1) // while no views run
	again := openViews(t, dsn, schema, store)
	if got := again.Applied(); got != applied {
		t.Fatalf("reopened views at %d, their checkpoint was %d", got, applied)
	}
	stop = running(t, again, app.NewProjector(store, app.NewRegistry()))
	waitHead(t, store, again)
	stop()
	live := reads(t, app.NewQueries(again, store), again.ClaimsByStatus)
	if err := again.Rebuild(t.Context(), app.NewProjector(store, app.NewRegistry())); err != nil {
		t.Fatal(err)
	}
	if got := reads(t, app.NewQueries(again, store), again.ClaimsByStatus); got != live {
		t.Errorf("views continued after a restart differ from their rebuild:\n%s", firstDiff(live, got))
	}
}

// TestViewsOfAnotherLog: views opened on a log that does not continue from
// their checkpoint (another ledger's, or one that ends before it) are
// emptied at Open, never served, and built from the log they now follow.
func TestViewsOfAnotherLog(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	build := func(articles ...int) (*postgres.Store, uint64) {
		store, err := postgres.Open(postgres.Config{DSN: dsn, Schema: pgtest.NewSchema(t, dsn)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
		cmds, err := app.NewCommands(store, app.NewRegistry(), policy)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cmds.Bootstrap(t.Context(), func(string) error { return nil }); err != nil {
			t.Fatal(err)
		}
		for _, i := range articles {
			ingest(t, cmds, i)
		}
		v := openViews(t, dsn, schema, store)
		if v.Applied() != 0 {
			t.Errorf("views opened on another log at %d, want them emptied (0)", v.Applied())
		}
		if cs, err := v.Claims(t.Context(), app.ClaimFilter{}, "", 10); err != nil || len(cs) != 0 {
			t.Errorf("views opened on another log hold %d claims, %v; want none", len(cs), err)
		}
		stop := running(t, v, app.NewProjector(store, app.NewRegistry()))
		head := waitHead(t, store, v)
		stop()
		v.Close()
		return store, head
	}
	_, first := build(0)     // new views, built from this log
	_, second := build(0, 1) // another ledger, longer: its event at the views' position is another
	if second <= first {
		t.Fatalf("the second log ends at %d, not after the first's %d", second, first)
	}
	if _, third := build(); third >= second { // a log that ends before the views' position
		t.Fatalf("the third log ends at %d, not before %d", third, second)
	}
}

// policy is the review policy of the tests' commands.
var policy = claim.Policy{Quorum: 2}

// TestOpenAsFound: views opened as found on a log that does not continue
// them are left as they were, for forensics.
func TestOpenAsFound(t *testing.T) {
	dsn := pgtest.DSN(t)
	store, views := open(t, dsn)
	cmds, err := app.NewCommands(store, app.NewRegistry(), policy)
	if err != nil {
		t.Fatal(err)
	}
	stop := running(t, views, app.NewProjector(store, app.NewRegistry()))
	if _, err := cmds.Bootstrap(t.Context(), func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	ingest(t, cmds, 0)
	head := waitHead(t, store, views)
	stop()
	before := reads(t, app.NewQueries(views, store), views.ClaimsByStatus)

	other, err := postgres.Open(postgres.Config{DSN: dsn, Schema: pgtest.NewSchema(t, dsn)})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	found, err := pgviews.OpenAsFound(t.Context(), pgviews.Config{DSN: dsn, Schema: views.Schema()}, other)
	if err != nil {
		t.Fatal(err)
	}
	defer found.Close()
	if got := found.Applied(); got != head {
		t.Errorf("views opened as found at %d, their checkpoint is %d", got, head)
	}
	if after := reads(t, app.NewQueries(found, store), found.ClaimsByStatus); after != before {
		t.Errorf("views opened as found changed:\n%s", firstDiff(before, after))
	}
}

// TestRunEndsWhenStoreCloses: the projector does not retry forever on a
// closed store; Run says why it ended.
func TestRunEndsWhenStoreCloses(t *testing.T) {
	dsn := pgtest.DSN(t)
	store, views := open(t, dsn)
	store.Close()
	done := make(chan error, 1)
	go func() { done <- views.Run(t.Context(), app.NewProjector(store, app.NewRegistry())) }()
	select {
	case err := <-done:
		if !errors.Is(err, events.ErrClosed) {
			t.Errorf("Run on a closed store = %v, want events.ErrClosed", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run on a closed store still running after 20s")
	}
}
