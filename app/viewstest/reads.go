package viewstest

import (
	"encoding/json"
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// testReads: what a projection puts, the readers get back, whole; what was
// never put is (zero, false, nil).
func testReads(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.run(t, nil)
	ctx := t.Context()
	ana := f.register(t, "ana", reviewer.RoleReviewer)
	f.register(t, "ben", reviewer.RoleReviewer)
	in := f.ingest(t, "ingest-0", Articles[0])
	target := in.ClaimIDs[0]
	f.vote(t, "ana", "v-ana", target, claim.VerdictConfirm)
	last := f.vote(t, "ben", "v-ben", target, claim.VerdictConfirm)
	f.caughtUp(t)

	// Claims: the command's own view of the claim is the projected one.
	c, ok, err := f.views.Claim(ctx, target)
	if err != nil || !ok {
		t.Fatalf("Claim(%s) = %v, %v", target, ok, err)
	}
	if last.Claim == nil {
		t.Fatal("SubmitReview returned no claim view")
	}
	if got, want := mustJSON(t, c), mustJSON(t, *last.Claim); got != want {
		t.Errorf("projected claim view differs from the command's:\nviews   %s\ncommand %s", got, want)
	}
	if c.Status != claim.StatusConfirmed || len(c.Votes) != 2 || c.Version != last.Version || c.Position != last.Position {
		t.Errorf("claim view = status %s, %d votes, version %d, position %d; want confirmed, 2, %d, %d",
			c.Status, len(c.Votes), c.Version, c.Position, last.Version, last.Position)
	}
	for _, id := range in.ClaimIDs[1:] {
		if c, ok, err := f.views.Claim(ctx, id); err != nil || !ok || c.ArticleID != in.ArticleID || c.Status != claim.StatusExtracted {
			t.Errorf("Claim(%s) = article %q, status %s, %v, %v; want article %s, extracted", id, c.ArticleID, c.Status, ok, err, in.ArticleID)
		}
	}

	// Articles, with their claims counted by status.
	a, ok, err := f.views.Article(ctx, in.ArticleID)
	if err != nil || !ok {
		t.Fatalf("Article(%s) = %v, %v", in.ArticleID, ok, err)
	}
	if a.Published != "2026-03-03" || a.Title == "" || len(a.ClaimIDs) != len(in.ClaimIDs) || a.Version != 1 || a.Position == 0 {
		t.Errorf("article view = %+v; want published 2026-03-03, a title, %d claims, version 1 at a position", a.ArticleView, len(in.ClaimIDs))
	}
	if a.Counts[claim.StatusConfirmed] != 1 || a.Counts[claim.StatusExtracted] != len(in.ClaimIDs)-1 || len(a.Counts) != 2 {
		t.Errorf("article counts = %v; want 1 confirmed and %d extracted", a.Counts, len(in.ClaimIDs)-1)
	}
	if av, ok, err := f.views.ArticleView(ctx, in.ArticleID); err != nil || !ok || mustJSON(t, av) != mustJSON(t, a.ArticleView) {
		t.Errorf("ArticleView(%s) = %+v, %v, %v; want the article of Article", in.ArticleID, av, ok, err)
	}

	// Reviewers, with their tokens and activity.
	r, ok, err := f.views.Reviewer(ctx, "ana")
	if err != nil || !ok {
		t.Fatalf("Reviewer(ana) = %v, %v", ok, err)
	}
	if r.Name != "ana" || r.Role != reviewer.RoleReviewer || len(r.Tokens) != 1 || r.Tokens[0].ID != ana.TokenID ||
		r.Tokens[0].Revoked || r.Votes != 1 || r.Retractions != 0 || r.LastActive.IsZero() {
		t.Errorf("reviewer ana = %+v; want a reviewer with token %s live, 1 vote, 0 retractions, last active set", r, ana.TokenID)
	}

	// Tokens, by id.
	tok, ok, err := f.views.Token(ctx, ana.TokenID)
	if err != nil || !ok || tok.ReviewerID != "ana" || tok.Hash == "" || tok.Hash != r.Tokens[0].Hash || tok.Revoked {
		t.Errorf("Token(%s) = %+v, %v, %v; want ana's live token with its hash", ana.TokenID, tok, ok, err)
	}
	if _, err := f.cmds.RevokeToken(ctx, admin, "revoke-ana", "ana", ana.TokenID, "test", nil); err != nil {
		t.Fatal(err)
	}
	f.caughtUp(t)
	if tok, ok, err := f.views.Token(ctx, ana.TokenID); err != nil || !ok || !tok.Revoked {
		t.Errorf("Token(%s) after revoking = %+v, %v, %v; want revoked", ana.TokenID, tok, ok, err)
	}

	// What was never put.
	if _, ok, err := f.views.Claim(ctx, "no-such-claim"); ok || err != nil {
		t.Errorf("Claim(unknown) = %v, %v; want false, nil", ok, err)
	}
	if _, ok, err := f.views.Article(ctx, "no-such-article"); ok || err != nil {
		t.Errorf("Article(unknown) = %v, %v; want false, nil", ok, err)
	}
	if _, ok, err := f.views.ArticleView(ctx, "no-such-article"); ok || err != nil {
		t.Errorf("ArticleView(unknown) = %v, %v; want false, nil", ok, err)
	}
	if _, ok, err := f.views.Reviewer(ctx, "nobody"); ok || err != nil {
		t.Errorf("Reviewer(unknown) = %v, %v; want false, nil", ok, err)
	}
	if _, ok, err := f.views.Token(ctx, "no-such-token"); ok || err != nil {
		t.Errorf("Token(unknown) = %v, %v; want false, nil", ok, err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
