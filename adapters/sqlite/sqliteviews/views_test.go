package sqliteviews_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/adapters/sqlite/sqliteviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// viewsArticle is a short made-up report with a currency pair and a
// headline year that the body contradicts.
const viewsArticle = `Harbour City Approves 2026 Transit Overhaul

The council of Harbour City approved a 3 trillion won ($2.2 billion) transit package on Tuesday, according to the city's finance director, Mara Quill.
The city's 2025 transit plan sets aside 40% of the money for new tram lines.
"We will open the first line within two years," Quill said.
`

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

// TestViews_reviewWorkflowAndRebuild ingests an article, votes, and checks
// the views read back what happened; then drops and replays the views and
// requires byte-identical rows.
func TestViews_reviewWorkflowAndRebuild(t *testing.T) {
	f := newViewsFixture(t)
	stop := f.run(t)
	ctx := context.Background()
	if _, err := f.cmds.Bootstrap(ctx, func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	admin := app.Actor{ID: app.AdminName, Role: reviewer.RoleAdmin}
	for _, name := range []string{"ana", "ben"} {
		if _, err := f.cmds.RegisterReviewer(ctx, admin, "reg-"+name, name, reviewer.RoleReviewer); err != nil {
			t.Fatal(err)
		}
	}
	in, err := f.cmds.IngestArticle(ctx, admin, app.IngestArticle{RequestID: "ingest-1", Title: strings.SplitN(viewsArticle, "\n", 2)[0],
		Body: []byte(strings.SplitN(viewsArticle, "\n", 2)[1]), Published: "2026-03-03"})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.ClaimIDs) == 0 {
		t.Fatal("no claims extracted")
	}
	target := in.ClaimIDs[0]
	var last app.Written
	for _, name := range []string{"ana", "ben"} {
		last, err = f.cmds.SubmitReview(ctx, app.Actor{ID: name, Role: reviewer.RoleReviewer}, app.Mutation{RequestID: "v-" + name, ClaimID: target},
			claim.Vote{Verdict: claim.VerdictConfirm, Evidence: []string{"https://example.org/minutes"}})
		if err != nil {
			t.Fatal(err)
		}
	}
	v, err := f.qs.Claim(ctx, target, last.Position)
	if err != nil {
		t.Fatal(err)
	}
	if last.Claim == nil {
		t.Fatal("SubmitReview returned no claim view")
	}
	fromCommand, _ := json.Marshal(last.Claim)
	fromViews, _ := json.Marshal(v)
	if string(fromCommand) != string(fromViews) {
		t.Errorf("the command's claim view differs from the projected one:\ncommand %s\nviews   %s", fromCommand, fromViews)
	}
	if v.Status != claim.StatusConfirmed || len(v.Votes) != 2 || v.Version != last.Version {
		t.Errorf("claim view = status %s, %d votes, version %d; want confirmed, 2, %d", v.Status, len(v.Votes), v.Version, last.Version)
	}
	a, err := f.qs.Article(ctx, in.ArticleID, last.Position)
	if err != nil {
		t.Fatal(err)
	}
	if a.Counts[claim.StatusConfirmed] != 1 || a.Counts[claim.StatusExtracted] != len(in.ClaimIDs)-1 {
		t.Errorf("article counts = %v; want 1 confirmed, %d extracted", a.Counts, len(in.ClaimIDs)-1)
	}
	flagged := true
	fl, err := f.qs.Claims(ctx, app.ClaimFilter{Flagged: &flagged}, "", 100, last.Position)
	if err != nil || len(fl) == 0 {
		t.Errorf("flagged claims = %d, %v; want the headline-year conflict flagged", len(fl), err)
	}
	byAna, err := f.qs.Claims(ctx, app.ClaimFilter{Reviewer: "ana"}, "", 100, last.Position)
	if err != nil || len(byAna) != 1 || byAna[0].ID != target {
		t.Errorf("claims voted by ana = %v, %v; want [%s]", ids(byAna), err, target)
	}
	r, err := f.qs.Reviewer(ctx, "ana", last.Position)
	if err != nil || r.Votes != 1 {
		t.Errorf("reviewer ana = %+v, %v; want 1 vote", r, err)
	}
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

func ids(vs []app.ClaimView) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.ID)
	}
	return out
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

// TestViews_accessVersion checks what the token cache of the read side
// relies on: the access version moves once a reviewer or token change is
// applied, and not for claim events; and a token that authenticated (so
// is cached) is refused as soon as its revocation reaches the views.
func TestViews_accessVersion(t *testing.T) {
	f := newViewsFixture(t)
	stop := f.run(t)
	defer stop()
	ctx := context.Background()
	if _, err := f.cmds.Bootstrap(ctx, func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	admin := app.Actor{ID: app.AdminName, Role: reviewer.RoleAdmin}
	iss, err := f.cmds.RegisterReviewer(ctx, admin, "reg-ana", "ana", reviewer.RoleReviewer)
	if err != nil {
		t.Fatal(err)
	}
	waitHead(t, f)
	for range 2 { // the second call is answered from the cache
		if a, ok, err := f.qs.Authenticate(ctx, iss.Credential); err != nil || !ok || a.ID != "ana" {
			t.Fatalf("Authenticate(ana) = %+v, %v, %v", a, ok, err)
		}
	}

	before := f.views.AccessVersion()
	in, err := f.cmds.IngestArticle(ctx, admin, app.IngestArticle{RequestID: "ingest-1", Title: strings.SplitN(viewsArticle, "\n", 2)[0],
		Body: []byte(strings.SplitN(viewsArticle, "\n", 2)[1]), Published: "2026-03-03"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.cmds.SubmitReview(ctx, app.Actor{ID: "ana", Role: reviewer.RoleReviewer}, app.Mutation{RequestID: "v-1", ClaimID: in.ClaimIDs[0]},
		claim.Vote{Verdict: claim.VerdictConfirm}); err != nil {
		t.Fatal(err)
	}
	waitHead(t, f)
	if got := f.views.AccessVersion(); got != before {
		t.Errorf("claim events moved the access version from %d to %d", before, got)
	}

	if _, err := f.cmds.RevokeToken(ctx, admin, "revoke-1", "ana", iss.TokenID, "test", nil); err != nil {
		t.Fatal(err)
	}
	waitHead(t, f)
	if got := f.views.AccessVersion(); got == before {
		t.Error("a revocation did not move the access version")
	}
	if a, ok, err := f.qs.Authenticate(ctx, iss.Credential); err != nil || ok {
		t.Errorf("revoked token: Authenticate = %+v, %v, %v; want refused", a, ok, err)
	}
}
