package pgviews_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/adapters/sqlite/sqliteviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/app/viewstest"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// TestSameRowsAsSQLite builds one log on PostgreSQL through the commands,
// with the PostgreSQL views projecting live (ingest reads their match
// index), imports the same envelopes into a SQLite store, and compares
// every read the app makes of the PostgreSQL views, live and rebuilt, with
// those of the SQLite views rebuilt from the copy.
func TestSameRowsAsSQLite(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := t.Context()
	store, views := open(t, dsn)
	reg := app.NewRegistry()
	proj := app.NewProjector(store, reg)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- views.Run(runCtx, proj) }()
	cmds, err := app.NewCommands(store, reg, claim.Policy{Quorum: 2})
	if err != nil {
		t.Fatal(err)
	}
	cmds.Matcher = views
	record(t, cmds, store, views)
	head := waitHead(t, store, views)
	stop()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	yes := true
	for _, f := range []app.ClaimFilter{{HasSuggestions: true}, {CrossArticle: true}, {VerdictElsewhere: claim.StatusConfirmed},
		{Flagged: &yes}, {Reviewer: ana.ID}, {Status: claim.StatusContested}, {Status: claim.StatusDismissed}} {
		if got, err := views.Claims(ctx, f, "", 10); err != nil || len(got) == 0 {
			t.Errorf("Claims(%+v) = %d claims, %v: the scenario must give the filter something to select", f, len(got), err)
		}
	}
	live := reads(t, app.NewQueries(views, store), views.ClaimsByStatus)

	// The same log in SQLite, its views rebuilt from it.
	envs, err := readLog(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	lite, err := sqlite.Open(sqlite.Config{Path: filepath.Join(dir, "events.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	if err := lite.Import(ctx, envs); err != nil {
		t.Fatal(err)
	}
	liteViews, err := sqliteviews.Open(lite, filepath.Join(dir, "views.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer liteViews.Close()
	if err := liteViews.Rebuild(ctx, app.NewProjector(lite, reg)); err != nil {
		t.Fatal(err)
	}
	if got := liteViews.Applied(); got != head {
		t.Fatalf("SQLite views at %d, the log's head is %d", got, head)
	}
	onSQLite := reads(t, app.NewQueries(liteViews, lite), liteViews.ClaimsByStatus)
	if n := strings.Count(live, "\n"); n < 500 {
		t.Fatalf("only %d lines of reads: the scenario reads too little to compare", n)
	}
	if diff := firstDiff(live, onSQLite); diff != "" {
		t.Errorf("PostgreSQL views (live) and SQLite views (rebuilt) differ:\n%s", diff)
	}

	if err := views.Rebuild(ctx, app.NewProjector(store, reg)); err != nil {
		t.Fatal(err)
	}
	if diff := firstDiff(reads(t, app.NewQueries(views, store), views.ClaimsByStatus), onSQLite); diff != "" {
		t.Errorf("PostgreSQL views (rebuilt) and SQLite views (rebuilt) differ:\n%s", diff)
	}
}

// readLog reads the whole log, page by page.
func readLog(ctx context.Context, s events.Store) ([]events.Envelope, error) {
	var all []events.Envelope
	for {
		page, err := s.ReadAll(ctx, uint64(len(all)), 500)
		if err != nil || len(page) == 0 {
			return all, err
		}
		all = append(all, page...)
	}
}

// waitHead waits until the views reach the log's head, and returns it.
func waitHead(t *testing.T, s events.Store, v app.Progress) uint64 {
	t.Helper()
	head, _, err := s.Head(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	if err := v.WaitApplied(ctx, head); err != nil {
		t.Fatalf("views at %d, the log's head %d: %v", v.Applied(), head, err)
	}
	return head
}

// firstDiff is the first line where a and b differ, with its neighbours,
// or "".
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(al), len(bl)) {
		x, y := at(al, i), at(bl, i)
		if x != y {
			return fmt.Sprintf("line %d:\n  %s\nvs\n  %s\n(after: %s)", i+1, x, y, at(al, i-1))
		}
	}
	return ""
}

func at(lines []string, i int) string {
	if i < 0 || i >= len(lines) {
		return "<none>"
	}
	return lines[i]
}

// statuses are every workflow status, for the filters.
var statuses = []claim.Status{claim.StatusExtracted, claim.StatusUnderReview, claim.StatusConfirmed, claim.StatusDisputed,
	claim.StatusUnverifiable, claim.StatusContested, claim.StatusDismissed}

// reads prints every read the app makes of views: claims under every
// filter in pages of several sizes, each claim with its matches, articles,
// reviewers, tokens, match candidates, the extraction statistics and the
// counts by status.
func reads(t *testing.T, qs *app.Queries, byStatus func(context.Context) (map[string]int, error)) string {
	t.Helper()
	ctx := t.Context()
	v := qs.Views()
	var b strings.Builder
	line := func(label string, x any, err error) {
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		fmt.Fprintf(&b, "%s %s\n", label, mustJSON(t, x))
	}
	all, err := v.Claims(ctx, app.ClaimFilter{}, "", 100_000)
	line("claims", len(all), err)
	yes, no := true, false
	filters := []app.ClaimFilter{{}, {Flagged: &yes}, {Flagged: &no}, {HasSuggestions: true}, {CrossArticle: true}}
	kinds, articles, reviewers := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, c := range all {
		kinds[c.Kind], articles[c.ArticleID] = true, true
		for _, vote := range c.Votes {
			reviewers[vote.Reviewer] = true
		}
	}
	for _, s := range statuses {
		filters = append(filters, app.ClaimFilter{Status: s}, app.ClaimFilter{VerdictElsewhere: s})
	}
	for _, k := range sortedKeys(kinds) {
		filters = append(filters, app.ClaimFilter{Kind: k}, app.ClaimFilter{Kind: k, Status: claim.StatusExtracted})
	}
	for _, a := range sortedKeys(articles) {
		filters = append(filters, app.ClaimFilter{ArticleID: a}, app.ClaimFilter{ArticleID: a, Flagged: &yes})
	}
	for _, r := range append(sortedKeys(reviewers), "nobody") {
		filters = append(filters, app.ClaimFilter{Reviewer: r}, app.ClaimFilter{Reviewer: r, Status: claim.StatusConfirmed},
			app.ClaimFilter{NotReviewer: r}, app.ClaimFilter{NotReviewer: r, Status: claim.StatusUnderReview})
	}
	for _, f := range filters {
		n, err := v.CountClaims(ctx, f)
		line(fmt.Sprintf("count %s:", mustJSON(t, f)), n, err)
		for _, size := range []int{1, 3, 1000} {
			after := ""
			for page := 0; ; page++ {
				got, err := qs.Claims(ctx, f, after, size, 0)
				line(fmt.Sprintf("claims %s after %q limit %d:", mustJSON(t, f), after, size), ids(got), err)
				if len(got) < size || page > 200 {
					break
				}
				after = got[len(got)-1].ID
			}
		}
	}
	for _, c := range all {
		got, err := qs.Claim(ctx, c.ID, 0)
		line("claim "+c.ID, got, err)
		self, matches, err := qs.Matches(ctx, c.ID, 0)
		line("matches of "+c.ID, []any{self.ID, matches}, err)
		for _, per := range []int{1, 2, 32} {
			cands, err := v.MatchCandidates(ctx, c.MatchKeys, per)
			line(fmt.Sprintf("candidates of %s per key %d", c.ID, per), ids(cands), err)
		}
	}
	arts, err := qs.Articles(ctx, "", 1000, 0)
	line("articles", arts, err)
	for _, a := range arts {
		got, err := qs.Article(ctx, a.ID, 0)
		line("article "+a.ID, got, err)
		view, err := qs.ArticleView(ctx, a.ID)
		line("article view "+a.ID, view, err)
	}
	revs, err := qs.Reviewers(ctx, "", 1000, 0)
	line("reviewers", revs, err)
	for _, r := range revs {
		got, err := qs.Reviewer(ctx, r.ID, 0)
		line("reviewer "+r.ID, got, err)
		for _, tok := range r.Tokens {
			got, ok, err := v.Token(ctx, tok.ID)
			line("token "+tok.ID, []any{got, ok}, err)
		}
	}
	stats, err := qs.ExtractionStats(ctx, 0)
	line("extraction stats", stats, err)
	counts, err := byStatus(ctx)
	line("claims by status", counts, err)
	for _, id := range []string{"no-such-claim", "no-such-article"} {
		_, ok, err := v.Claim(ctx, id)
		line("missing claim "+id, ok, err)
	}
	return b.String()
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func ids(cs []app.ClaimView) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

var (
	admin  = app.Actor{ID: app.AdminName, Role: reviewer.RoleAdmin}
	ana    = app.Actor{ID: "ana", Role: reviewer.RoleReviewer}
	ben    = app.Actor{ID: "ben", Role: reviewer.RoleReviewer}
	editor = app.Actor{ID: "erin", Role: reviewer.RoleEditor}
)

// record builds the log: reviewers, every article of the views suite,
// votes that confirm, dispute, contest and are retracted, an editor's
// settlement, reopening, dismissal, a claim added and one corrected,
// matches accepted and rejected, a token revoked.
func record(t *testing.T, c *app.Commands, store events.Store, views app.ViewReader) {
	ctx := t.Context()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	_, err := c.Bootstrap(ctx, func(string) error { return nil })
	must("bootstrap", err)
	var benToken string
	for _, a := range []app.Actor{ana, ben, editor} {
		iss, err := c.RegisterReviewer(ctx, admin, "reg-"+a.ID, a.ID, a.Role)
		must("register "+a.ID, err)
		if a.ID == ben.ID {
			benToken = iss.TokenID
		}
	}
	var ins []app.Ingested
	// The last article repeats a match article's claims in another body:
	// more suggestions to accept, reject and leave pending.
	texts := append(slices.Clone(viewstest.Articles), viewstest.MatchArticles...)
	texts = append(texts, viewstest.MatchArticles[0]+" Officials declined to comment further on Monday.")
	for i, text := range texts {
		title, body, _ := strings.Cut(text, "\n")
		in, err := c.IngestArticle(ctx, admin, app.IngestArticle{RequestID: fmt.Sprint("ingest-", i), Title: title,
			Body: []byte(body), Published: "2026-03-03", URL: fmt.Sprintf("https://news.example/%d", i)})
		must("ingest", err)
		ins = append(ins, in)
	}
	vote := func(who app.Actor, id string, v claim.Verdict) {
		t.Helper()
		vt := claim.Vote{Verdict: v, Evidence: []string{"https://example.org/" + id}, Note: "checked"}
		if v == claim.VerdictDispute {
			vt.Reason = claim.ReasonWrongValue
		}
		_, err := c.SubmitReview(ctx, who, app.Mutation{RequestID: "vote-" + who.ID + "-" + id, ClaimID: id}, vt)
		must(who.ID+" votes on "+id, err)
	}
	m := func(rq, id string) app.Mutation { return app.Mutation{RequestID: rq, ClaimID: id} }
	a := ins[0].ClaimIDs
	vote(ana, a[0], claim.VerdictConfirm)
	vote(ben, a[0], claim.VerdictConfirm) // confirmed
	vote(ana, a[1], claim.VerdictConfirm)
	vote(ben, a[1], claim.VerdictDispute) // contested
	_, err = c.Settle(ctx, editor, m("settle", a[1]), claim.VerdictDispute, "the minutes say otherwise")
	must("settle", err)
	vote(ana, a[2], claim.VerdictUnverifiable)
	_, err = c.RetractReview(ctx, ana, m("retract", a[2]), "too quick")
	must("retract", err)
	_, err = c.Dismiss(ctx, editor, m("dismiss", a[len(a)-1]), "not checkable", "")
	must("dismiss", err)
	_, err = c.Reopen(ctx, editor, m("reopen", a[1]), "new evidence")
	must("reopen", err)
	b := ins[1].ClaimIDs
	vote(ana, b[0], claim.VerdictDispute)
	vote(ben, b[0], claim.VerdictDispute) // disputed
	vote(ana, b[2], claim.VerdictConfirm)
	vote(ben, b[2], claim.VerdictDispute) // contested
	_, err = c.CorrectClaim(ctx, editor, m("correct", b[1]), app.Correction{Kind: "comparison", Note: "kind fixed"})
	must("correct", err)
	_, err = c.Link(ctx, editor, m("link", b[1]), a[0], "the same figure")
	must("link", err)

	// Accept the first suggestion, reject the next two, leave the rest.
	waitHead(t, store, views)
	accepted, decided := false, map[[2]string]bool{}
	for _, in := range ins {
		for _, id := range in.ClaimIDs {
			cv, _, err := views.Claim(ctx, id)
			must("read "+id, err)
			for _, mt := range cv.Matches {
				pair := [2]string{min(id, string(mt.OtherClaimID)), max(id, string(mt.OtherClaimID))}
				if mt.State != claim.MatchPending || decided[pair] || len(decided) == 3 {
					continue
				}
				decided[pair] = true
				if !accepted {
					_, err = c.AcceptMatch(ctx, ana, m("accept-"+id, id), string(mt.OtherClaimID), "same claim")
					must("accept", err)
					accepted = true
					// Decided here, undecided in the other article.
					vote(ana, id, claim.VerdictConfirm)
					vote(ben, id, claim.VerdictConfirm)
				} else {
					_, err = c.RejectMatch(ctx, ana, m("reject-"+id+"-"+string(mt.OtherClaimID), id), string(mt.OtherClaimID), "not the same")
				}
				must("decide match of "+id, err)
			}
		}
	}
	if len(decided) < 3 {
		t.Fatalf("the scenario suggested %d matches, it needs 3 or more", len(decided))
	}
	_, err = c.RevokeToken(ctx, admin, "revoke-ben", ben.ID, benToken, "left", nil)
	must("revoke", err)
	_, err = c.IssueToken(ctx, admin, "issue-ana", ana.ID, nil)
	must("issue", err)
}
