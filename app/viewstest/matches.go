package viewstest

import (
	"slices"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/match"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// testMatches: ingest suggests matches through the views' match index; a
// contradiction flags both claims; the filters select suggested,
// cross-article and decided-elsewhere claims; accepting links both claims.
func testMatches(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.cmds.Matcher = f.views
	stop := f.run(t, nil)
	ctx := t.Context()
	f.register(t, "ana", reviewer.RoleReviewer)
	f.register(t, "ben", reviewer.RoleReviewer)
	a := f.ingest(t, "ingest-a", MatchArticles[0])
	b := f.ingest(t, "ingest-b", MatchArticles[1])
	f.caughtUp(t)

	capA, capB := f.claimWith(t, a, "344 billion"), f.claimWith(t, b, "47.5 billion")
	stimA, stimB := f.claimWith(t, a, "2 trillion"), f.claimWith(t, b, "¥2tn")

	// The index finds A's claims from B's keys.
	cands, err := f.views.MatchCandidates(ctx, match.Lookup(matchOf(stimB)), 32)
	if err != nil || !slices.ContainsFunc(cands, func(c app.ClaimView) bool { return c.ID == stimA.ID }) {
		t.Fatalf("MatchCandidates(lookup of %s) = %d claims, %v; want %s among them", stimB.ID, len(cands), err, stimA.ID)
	}
	if !slices.IsSortedFunc(cands, func(x, y app.ClaimView) int { return strings.Compare(x.ID, y.ID) }) {
		t.Error("MatchCandidates not ordered by id")
	}
	if none, err := f.views.MatchCandidates(ctx, []string{"v|money|XXX|0"}, 32); err != nil || len(none) != 0 {
		t.Errorf("MatchCandidates(unknown key) = %d, %v; want none", len(none), err)
	}

	// Both sides hold the suggestion; the contradiction flags both.
	for _, p := range [][2]app.ClaimView{{stimA, stimB}, {stimB, stimA}, {capA, capB}, {capB, capA}} {
		m := matchTo(p[0], p[1].ID)
		if m == nil || m.State != claim.MatchPending || m.Score < match.Threshold || m.OtherArticleID != p[1].ArticleID {
			t.Errorf("%s's match to %s = %+v; want a pending suggestion naming article %s", p[0].ID, p[1].ID, m, p[1].ArticleID)
		}
	}
	for _, c := range []app.ClaimView{capA, capB} {
		if !c.Flagged || !c.CrossArticle() {
			t.Errorf("%s: flagged %v, cross_article %v; want both", c.ID, c.Flagged, c.CrossArticle())
		}
		other := map[string]app.ClaimView{capA.ID: capB, capB.ID: capA}[c.ID]
		if i := slices.IndexFunc(c.Checks, func(ch claim.Check) bool { return ch.Name == claim.CheckCrossArticle }); i < 0 ||
			!strings.Contains(c.Checks[i].Detail, other.ID) || !strings.Contains(c.Checks[i].Detail, other.ArticleID) {
			t.Errorf("%s's cross_article check %+v does not name %s of %s", c.ID, c.Checks, other.ID, other.ArticleID)
		}
	}
	if stimA.CrossArticle() || stimB.CrossArticle() {
		t.Error("the stimulus, the same amount in both, fails cross_article")
	}
	f.wantListed(t, app.ClaimFilter{CrossArticle: true}, capA.ID, capB.ID)
	f.wantListed(t, app.ClaimFilter{HasSuggestions: true}, sortedIDs(capA, capB, stimA, stimB)...)

	// Accept one, reject the other: both sides say so.
	ana := app.Actor{ID: "ana", Role: reviewer.RoleReviewer}
	if _, err := f.cmds.AcceptMatch(ctx, ana, app.Mutation{RequestID: "acc", ClaimID: stimB.ID}, stimA.ID, "same package"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.cmds.RejectMatch(ctx, ana, app.Mutation{RequestID: "rej", ClaimID: capA.ID}, capB.ID, ""); err != nil {
		t.Fatal(err)
	}
	f.caughtUp(t)
	stimA, stimB, capB = f.claim(t, stimA.ID), f.claim(t, stimB.ID), f.claim(t, capB.ID)
	if !slices.Contains(stimA.Links, stimB.ID) || !slices.Contains(stimB.Links, stimA.ID) {
		t.Errorf("links after accept: %v / %v", stimA.Links, stimB.Links)
	}
	if m := matchTo(capB, capA.ID); m == nil || m.State != claim.MatchRejectedState {
		t.Errorf("%s's match after reject = %+v", capB.ID, m)
	}
	f.wantListed(t, app.ClaimFilter{HasSuggestions: true})

	// A verdict on one copy lists the other as decided elsewhere.
	f.vote(t, "ana", "v-ana", stimA.ID, claim.VerdictConfirm)
	f.vote(t, "ben", "v-ben", stimA.ID, claim.VerdictConfirm)
	f.caughtUp(t)
	f.wantListed(t, app.ClaimFilter{VerdictElsewhere: claim.StatusConfirmed}, stimB.ID)
	f.wantListed(t, app.ClaimFilter{VerdictElsewhere: claim.StatusDisputed})

	// The index and the marks are rebuilt from the log as they were.
	indexed := func() string {
		got, err := f.views.MatchCandidates(ctx, append(match.Lookup(matchOf(stimB)), match.Lookup(matchOf(capB))...), 32)
		if err != nil {
			t.Fatal(err)
		}
		return mustJSON(t, got)
	}
	stop()
	before, beforeIndex := dump(t, f), indexed()
	if err := f.views.Rebuild(ctx, app.NewProjector(f.store, f.reg)); err != nil {
		t.Fatal(err)
	}
	if after, afterIndex := dump(t, f), indexed(); after != before || afterIndex != beforeIndex {
		t.Errorf("rebuilt views differ:\nbefore:\n%s\n%s\nafter:\n%s\n%s", before, beforeIndex, after, afterIndex)
	}
	f.wantListed(t, app.ClaimFilter{CrossArticle: true}, capA.ID, capB.ID)
	f.wantListed(t, app.ClaimFilter{VerdictElsewhere: claim.StatusConfirmed}, stimB.ID)
}

func (f *fixture) claim(t *testing.T, id string) app.ClaimView {
	t.Helper()
	c, ok, err := f.views.Claim(t.Context(), id)
	if err != nil || !ok {
		t.Fatalf("Claim(%s) = %v, %v", id, ok, err)
	}
	return c
}

// claimWith is the claim of in whose text contains s.
func (f *fixture) claimWith(t *testing.T, in app.Ingested, s string) app.ClaimView {
	t.Helper()
	for _, id := range in.ClaimIDs {
		if c := f.claim(t, id); strings.Contains(c.Text, s) {
			return c
		}
	}
	t.Fatalf("article %s has no claim with %q", in.ArticleID, s)
	return app.ClaimView{}
}

func (f *fixture) wantListed(t *testing.T, filter app.ClaimFilter, want ...string) {
	t.Helper()
	got, err := f.views.Claims(t.Context(), filter, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, c := range got {
		ids = append(ids, c.ID)
	}
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(ids, want) {
		t.Errorf("Claims(%+v) = %v, want %v", filter, ids, want)
	}
}

func matchTo(c app.ClaimView, other string) *claim.Match {
	for _, m := range c.Matches {
		if string(m.OtherClaimID) == other {
			return &m
		}
	}
	return nil
}

func matchOf(v app.ClaimView) match.Claim {
	return match.Claim{ID: v.ID, ArticleID: v.ArticleID, Kind: v.Kind, Text: v.Text, Sentence: v.Sentence,
		Speaker: v.Speaker, Normalized: v.Normalized}
}

func sortedIDs(cs ...app.ClaimView) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	slices.Sort(out)
	return out
}
