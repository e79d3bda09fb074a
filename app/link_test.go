package app_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// A reviewer links two claims whose figures disagree, which matching did
// not pair (another subject's words): both fail the cross_article check and
// are flagged; the linked claim keeps the link. Linking two claims that
// agree fails no check.
func TestLink_disagreeingFiguresFailCrossArticleOnBoth(t *testing.T) {
	f := newMatchFixture(t)
	a := f.ingest(t, "a", "Chip Fund Opens\nThe Hexi semiconductor fund has a registered capital of 344 billion yuan, the registry shows.\n")
	b := f.ingest(t, "b", "New Chip Money\nOfficials said the chip programme got 47.5 billion yuan when it began.\nThe same programme was later promised 344 billion yuan by the cabinet.\n")
	fund, low, agree := f.claimWith(t, a, "344 billion"), f.claimWith(t, b, "47.5 billion"), f.claimWith(t, b, "344 billion")
	if len(low.Matches) != 0 {
		t.Fatalf("matching paired them already (%+v): the test needs a pair only a person makes", low.Matches)
	}
	rita := app.Actor{ID: "rita", Role: reviewer.RoleReviewer}
	if _, err := f.cmds.Link(t.Context(), rita, app.Mutation{RequestID: "l1", ClaimID: low.ID}, fund.ID, "the same fund"); err != nil {
		t.Fatal(err)
	}
	f.wait(t)
	for _, id := range []string{low.ID, fund.ID} {
		v, _, err := f.views.Claim(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(v.Checks, func(c claim.Check) bool { return c.Name == claim.CheckCrossArticle })
		if i < 0 || v.Checks[i].Result != claim.CheckFail || !v.Flagged || !strings.Contains(v.Checks[i].Detail, "47.5 billion") {
			t.Errorf("claim %s after the link: checks %+v, flagged %v; want a failed cross_article check naming the figures", id, v.Checks, v.Flagged)
		}
	}
	if v, _, _ := f.views.Claim(t.Context(), low.ID); !slices.ContainsFunc(v.Links, func(l string) bool { return l == fund.ID }) {
		t.Errorf("links of %s = %v, want %s", low.ID, v.Links, fund.ID)
	}

	if _, err := f.cmds.Link(t.Context(), rita, app.Mutation{RequestID: "l2", ClaimID: agree.ID}, fund.ID, ""); err != nil {
		t.Fatal(err)
	}
	f.wait(t)
	if v, _, _ := f.views.Claim(t.Context(), agree.ID); v.Flagged || slices.ContainsFunc(v.Checks, func(c claim.Check) bool { return c.Name == claim.CheckCrossArticle }) {
		t.Errorf("a link between agreeing figures: flagged %v, checks %+v; want no cross_article check", v.Flagged, v.Checks)
	}
}
