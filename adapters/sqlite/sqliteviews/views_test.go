package sqliteviews_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/adapters/sqlite/sqliteviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/app/viewstest"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
)

type viewsFixture struct {
	store *sqlite.Store
	views *sqliteviews.Views
	cmds  *app.Commands
	qs    *app.Queries
	proj  *app.Projector
	path  string
}

func newViewsFixture(t *testing.T) *viewsFixture {
	t.Helper()
	dir := t.TempDir()
	store, err := sqlite.Open(sqlite.Config{Path: filepath.Join(dir, "events.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := &viewsFixture{store: store, path: filepath.Join(dir, "views.db")}
	if f.views, err = sqliteviews.Open(store, f.path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.views.Close() })
	reg := app.NewRegistry()
	if f.cmds, err = app.NewCommands(store, reg, claim.Policy{Quorum: 2}); err != nil {
		t.Fatal(err)
	}
	f.qs = app.NewQueries(f.views, store)
	f.proj = app.NewProjector(store, reg)
	return f
}

func (f *viewsFixture) run(t *testing.T) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.views.Run(ctx, f.proj) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}
}

// TestViews_rebuildIsByteIdentical ingests, votes and revokes, then drops
// and replays the views and requires every table's rows byte for byte
// (the suite compares what the readers return; this compares the file).
func TestViews_rebuildIsByteIdentical(t *testing.T) {
	f := newViewsFixture(t)
	stop := f.run(t)
	ctx := context.Background()
	if _, err := f.cmds.Bootstrap(ctx, func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	admin := app.Actor{ID: app.AdminName, Role: reviewer.RoleAdmin}
	var issued []app.Issued
	for _, name := range []string{"ana", "ben"} {
		iss, err := f.cmds.RegisterReviewer(ctx, admin, "reg-"+name, name, reviewer.RoleReviewer)
		if err != nil {
			t.Fatal(err)
		}
		issued = append(issued, iss)
	}
	title, body, _ := strings.Cut(viewstest.Articles[0], "\n")
	in, err := f.cmds.IngestArticle(ctx, admin, app.IngestArticle{RequestID: "ingest-1", Title: title, Body: []byte(body), Published: "2026-03-03"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ana", "ben"} {
		if _, err := f.cmds.SubmitReview(ctx, app.Actor{ID: name, Role: reviewer.RoleReviewer}, app.Mutation{RequestID: "v-" + name, ClaimID: in.ClaimIDs[0]},
			claim.Vote{Verdict: claim.VerdictConfirm, Evidence: []string{"https://example.org/minutes"}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.cmds.RevokeToken(ctx, admin, "revoke-ben", "ben", issued[1].TokenID, "test", nil); err != nil {
		t.Fatal(err)
	}
	waitHead(t, f)
	stop()

	before := dumpViews(t, f.path)
	if err := f.views.Rebuild(ctx, f.proj); err != nil {
		t.Fatal(err)
	}
	if after := dumpViews(t, f.path); after != before {
		t.Errorf("rebuilt views differ:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if got, head := f.views.Applied(), mustHead(t, f.store); got != head {
		t.Errorf("applied %d after rebuild, head %d", got, head)
	}
}

// TestViews_checkpointSurvivesRestart stops the projector, records more,
// reopens the views and checks they continue where they were.
func TestViews_checkpointSurvivesRestart(t *testing.T) {
	f := newViewsFixture(t)
	ctx := context.Background()
	stop := f.run(t)
	cred, err := f.cmds.Bootstrap(ctx, func(string) error { return nil })
	if err != nil || cred == "" {
		t.Fatal(cred, err)
	}
	waitHead(t, f)
	stop()
	applied := f.views.Applied()
	if _, err := f.cmds.RegisterReviewer(ctx, app.System, "", "cleo", reviewer.RoleEditor); err != nil {
		t.Fatal(err)
	}
	f.views.Close()
	if f.views, err = sqliteviews.Open(f.store, f.path); err != nil {
		t.Fatal(err)
	}
	if f.views.Applied() != applied {
		t.Fatalf("reopened views at %d, want the checkpoint %d", f.views.Applied(), applied)
	}
	f.qs = app.NewQueries(f.views, f.store)
	stop = f.run(t)
	defer stop()
	waitHead(t, f)
	if _, err := f.qs.Reviewer(ctx, "cleo", 0); err != nil {
		t.Errorf("reviewer recorded while the projector was stopped: %v", err)
	}
	actor, ok, err := f.qs.Authenticate(ctx, cred)
	if err != nil || !ok || actor.Role != reviewer.RoleAdmin {
		t.Errorf("Authenticate(admin credential) = %+v, %v, %v", actor, ok, err)
	}
	if _, ok, _ := f.qs.Authenticate(ctx, cred+"x"); ok {
		t.Error("a wrong secret authenticated")
	}
}

func waitHead(t *testing.T, f *viewsFixture) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.views.WaitApplied(ctx, mustHead(t, f.store)); err != nil {
		t.Fatal(err)
	}
}

func mustHead(t *testing.T, s *sqlite.Store) uint64 {
	t.Helper()
	h, _, err := s.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// dumpViews prints every view row in a fixed order.
func dumpViews(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{
		"SELECT id, article_id, kind, status, flagged, data FROM claim_views ORDER BY id",
		"SELECT reviewer, claim_id FROM claim_voters ORDER BY reviewer, claim_id",
		"SELECT id, data FROM article_views ORDER BY id",
		"SELECT id, data FROM reviewer_views ORDER BY id",
		"SELECT token_id, reviewer_id, hash, revoked FROM tokens ORDER BY token_id",
		"SELECT reviewer_id, votes, retractions, last_active FROM reviewer_activity ORDER BY reviewer_id",
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%v|", v)
			}
			b.WriteString("\n")
		}
		rows.Close()
	}
	return b.String()
}
