package viewstest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// testPaging: every list is ordered by id (claims by app.CompareClaimIDs), pages continue after the last id
// of the previous one and hold at most limit rows, and each filter selects
// exactly the claims its contract names, which CountClaims counts.
func testPaging(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.run(t, nil)
	ctx := t.Context()
	for _, name := range []string{"ana", "ben", "cleo"} {
		f.register(t, name, reviewer.RoleReviewer)
	}
	var ins []app.Ingested
	var all []string
	for i, a := range Articles {
		in := f.ingest(t, fmt.Sprint("ingest-", i), a)
		ins = append(ins, in)
		all = append(all, in.ClaimIDs...)
	}
	// Statuses and voters to filter on: confirmed by two, contested, under
	// review, and the rest extracted.
	f.vote(t, "ana", "v1", ins[0].ClaimIDs[0], claim.VerdictConfirm)
	f.vote(t, "ben", "v2", ins[0].ClaimIDs[0], claim.VerdictConfirm)
	f.vote(t, "ana", "v3", ins[1].ClaimIDs[0], claim.VerdictConfirm)
	f.vote(t, "cleo", "v4", ins[1].ClaimIDs[0], claim.VerdictDispute)
	f.vote(t, "cleo", "v5", ins[2].ClaimIDs[1], claim.VerdictConfirm)
	f.caughtUp(t)

	slices.SortFunc(all, app.CompareClaimIDs)
	if got := pagedClaims(t, f, app.ClaimFilter{}, 1000); !slices.Equal(got, all) {
		t.Fatalf("Claims(no filter) = %v, want every claim ingested, by id: %v", got, all)
	}
	listed := make([]app.ClaimView, len(all))
	for i, id := range all {
		c, ok, err := f.views.Claim(ctx, id)
		if err != nil || !ok {
			t.Fatalf("Claim(%s) = %v, %v", id, ok, err)
		}
		listed[i] = c
	}
	flagged, unflagged := true, false
	filters := map[string]app.ClaimFilter{
		"status confirmed":    {Status: claim.StatusConfirmed},
		"status contested":    {Status: claim.StatusContested},
		"status under_review": {Status: claim.StatusUnderReview},
		"status extracted":    {Status: claim.StatusExtracted},
		"kind":                {Kind: listed[0].Kind},
		"article":             {ArticleID: ins[1].ArticleID},
		"reviewer ana":        {Reviewer: "ana"},
		"reviewer cleo":       {Reviewer: "cleo"},
		"reviewer nobody":     {Reviewer: "nobody"},
		"flagged":             {Flagged: &flagged},
		"not flagged":         {Flagged: &unflagged},
		"article and flagged": {ArticleID: ins[0].ArticleID, Flagged: &flagged},
		"reviewer and status": {Reviewer: "ana", Status: claim.StatusContested},
		"not reviewer ana":    {NotReviewer: "ana"},
		"not reviewer nobody": {NotReviewer: "nobody"},
		"not ana, open":       {NotReviewer: "ana", Status: claim.StatusUnderReview},
		"ana's, not cleo's":   {Reviewer: "ana", NotReviewer: "cleo", Kind: listed[0].Kind},
		"cleo's, not ana's":   {Reviewer: "cleo", NotReviewer: "ana"},
	}
	for name, filter := range filters {
		want := selectClaims(listed, filter)
		for _, limit := range []int{1, 2, 7, 1000} {
			if got := pagedClaims(t, f, filter, limit); !slices.Equal(got, want) {
				t.Errorf("Claims(%s) in pages of %d = %v, want %v", name, limit, got, want)
			}
		}
		if n, err := f.views.CountClaims(ctx, filter); err != nil || n != len(want) {
			t.Errorf("CountClaims(%s) = %d, %v, want %d", name, n, err, len(want))
		}
	}
	if want := selectClaims(listed, filters["cleo's, not ana's"]); len(want) != 1 || want[0] != ins[2].ClaimIDs[1] {
		t.Errorf("cleo's claims without ana's vote = %v, want [%s]", want, ins[2].ClaimIDs[1])
	}
	if want := selectClaims(listed, filters["flagged"]); len(want) == 0 {
		t.Error("no claim is flagged: the headline-year conflict of the first article should be")
	}
	if want := selectClaims(listed, filters["status contested"]); len(want) != 1 || want[0] != ins[1].ClaimIDs[0] {
		t.Errorf("contested claims = %v, want [%s]", want, ins[1].ClaimIDs[0])
	}

	var articleIDs []string
	for _, in := range ins {
		articleIDs = append(articleIDs, in.ArticleID)
	}
	slices.Sort(articleIDs)
	for _, limit := range []int{1, 2, 1000} {
		got := paged(t, "Articles", limit, func(after string, limit int) ([]app.ArticleSummary, error) {
			return f.views.Articles(ctx, after, limit)
		}, func(a app.ArticleSummary) string { return a.ID }, strings.Compare)
		if !slices.Equal(got, articleIDs) {
			t.Errorf("Articles in pages of %d = %v, want %v", limit, got, articleIDs)
		}
	}
	wantReviewers := []string{app.AdminName, "ana", "ben", "cleo"}
	slices.Sort(wantReviewers)
	for _, limit := range []int{1, 3, 1000} {
		got := paged(t, "Reviewers", limit, func(after string, limit int) ([]app.ReviewerView, error) {
			return f.views.Reviewers(ctx, after, limit)
		}, func(r app.ReviewerView) string { return r.ID }, strings.Compare)
		if !slices.Equal(got, wantReviewers) {
			t.Errorf("Reviewers in pages of %d = %v, want %v", limit, got, wantReviewers)
		}
	}
}

// pagedClaims reads the ids of every claim the filter selects, limit at a
// time.
func pagedClaims(t *testing.T, f *fixture, filter app.ClaimFilter, limit int) []string {
	t.Helper()
	return paged(t, fmt.Sprintf("Claims(%+v)", filter), limit, func(after string, limit int) ([]app.ClaimView, error) {
		return f.views.Claims(t.Context(), filter, after, limit)
	}, func(c app.ClaimView) string { return c.ID }, app.CompareClaimIDs)
}

// paged reads a whole list, limit at a time, each page after the last id of
// the one before, and returns the ids; it fails on a page too long or out
// of the list's order, compare.
func paged[T any](t *testing.T, what string, limit int, fetch func(after string, limit int) ([]T, error), id func(T) string, compare func(a, b string) int) []string {
	t.Helper()
	var out []string
	for after := ""; ; {
		page, err := fetch(after, limit)
		if err != nil {
			t.Fatalf("%s after %q, limit %d: %v", what, after, limit, err)
		}
		if len(page) > limit {
			t.Fatalf("%s after %q, limit %d: %d rows", what, after, limit, len(page))
		}
		if len(page) == 0 {
			return out
		}
		for _, row := range page {
			if after != "" && compare(id(row), after) <= 0 {
				t.Fatalf("%s after %q, limit %d: %s is not ascending after %q", what, after, limit, id(row), after)
			}
			after = id(row)
			out = append(out, after)
		}
	}
}

// selectClaims is the filter's contract applied to whole claim views.
func selectClaims(vs []app.ClaimView, f app.ClaimFilter) []string {
	var out []string
	for _, c := range vs {
		votedBy := func(r string) bool {
			return slices.ContainsFunc(c.Votes, func(v claim.Vote) bool { return v.Reviewer == r })
		}
		if (f.Status == "" || c.Status == f.Status) && (f.Kind == "" || c.Kind == f.Kind) &&
			(f.ArticleID == "" || c.ArticleID == f.ArticleID) && (f.Reviewer == "" || votedBy(f.Reviewer)) &&
			(f.NotReviewer == "" || !votedBy(f.NotReviewer)) &&
			(f.Flagged == nil || c.Flagged == *f.Flagged) {
			out = append(out, c.ID)
		}
	}
	return out
}

// testClaimsInTextOrder: an article with more than 99 claims lists them in
// text order, "-100" after "-99", in every page size and under a filter.
func testClaimsInTextOrder(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.run(t, nil)
	var b strings.Builder
	b.WriteString("Harbour City Publishes Its District Road Budgets\n")
	for i := 1; i <= 120; i++ {
		fmt.Fprintf(&b, "District %d will receive %d.%d million euros for its roads, the council said.\n", i, 10+i, i%10)
	}
	in := f.ingest(t, "ingest-long", b.String())
	if len(in.ClaimIDs) < 110 {
		t.Fatalf("the article yielded %d claims, want more than 110 for the test to mean something", len(in.ClaimIDs))
	}
	other := f.ingest(t, "ingest-other", Articles[0])
	f.caughtUp(t)
	want := slices.Clone(in.ClaimIDs)
	for _, filter := range []app.ClaimFilter{{ArticleID: in.ArticleID}, {Status: claim.StatusExtracted, ArticleID: in.ArticleID}} {
		for _, limit := range []int{1, 7, 100, 1000} {
			if got := pagedClaims(t, f, filter, limit); !slices.Equal(got, want) {
				t.Fatalf("Claims(%+v) in pages of %d = %v,\nwant text order %v", filter, limit, got, want)
			}
		}
	}
	// Without a filter the two articles' claims do not interleave.
	all := pagedClaims(t, f, app.ClaimFilter{}, 9)
	if len(all) != len(in.ClaimIDs)+len(other.ClaimIDs) {
		t.Fatalf("Claims() = %d ids, want %d", len(all), len(in.ClaimIDs)+len(other.ClaimIDs))
	}
	first, second := in.ClaimIDs, other.ClaimIDs
	if in.ArticleID > other.ArticleID {
		first, second = second, first
	}
	if !slices.Equal(all, append(slices.Clone(first), second...)) {
		t.Errorf("Claims() = %v, want one article's claims in text order, then the other's", all)
	}
}
