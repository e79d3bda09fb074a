package claim_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
)

func suggest(other claim.ID, contradiction string) step {
	return func(c *claim.Claim) ([]any, error) {
		return c.SuggestMatch(claim.MatchSuggested{OtherClaimID: other, OtherArticleID: "art-b", Score: 0.8,
			Evidence: []string{"same kind: money"}, Contradiction: contradiction})
	}
}

func TestClaim_AcceptMatch_linksAndMarksAccepted(t *testing.T) {
	c := given(t, suggest("c-9", ""), func(c *claim.Claim) ([]any, error) { return c.AcceptMatch("c-9", "alice", "same fund") })
	if !slices.Equal(c.Links(), []claim.ID{"c-9"}) {
		t.Fatalf("links = %v", c.Links())
	}
	if m := c.Matches(); len(m) != 1 || m[0].State != claim.MatchAccepted || m[0].Score != 0.8 {
		t.Fatalf("matches = %+v", m)
	}
	_, err := c.AcceptMatch("c-9", "alice", "")
	wantFamily(t, err, claim.ErrNoSuggestion)
}

func TestClaim_RejectMatch_isNeverSuggestedAgain(t *testing.T) {
	c := given(t, suggest("c-9", ""), func(c *claim.Claim) ([]any, error) { return c.RejectMatch("c-9", "alice", "another fund") })
	if m := c.Matches(); len(m) != 1 || m[0].State != claim.MatchRejectedState {
		t.Fatalf("matches = %+v", m)
	}
	evs, err := suggest("c-9", "")(c)
	if err != nil || len(evs) != 0 {
		t.Fatalf("suggested again: %v, %v", evs, err)
	}
	_, err = c.AcceptMatch("c-9", "bob", "")
	wantFamily(t, err, claim.ErrNoSuggestion)
}

func TestClaim_AcceptMatch_whenNeverSuggested(t *testing.T) {
	_, err := given(t).AcceptMatch("c-9", "alice", "")
	wantFamily(t, err, claim.ErrNoSuggestion)
	_, err = given(t).RejectMatch("c-9", "alice", "")
	wantFamily(t, err, claim.ErrNoSuggestion)
}

func TestClaim_SuggestMatch_contradictionFlagsCrossArticle(t *testing.T) {
	c := given(t, suggest("c-9", "47.5 billion CNY against 344 billion CNY"))
	if !c.Flagged() {
		t.Fatal("a contradiction across articles did not flag the claim")
	}
	i := slices.IndexFunc(c.Checks(), func(ch claim.Check) bool { return ch.Name == claim.CheckCrossArticle })
	if i < 0 || c.Checks()[i].Result != claim.CheckFail || !contains(c.Checks()[i].Detail, "c-9") || !contains(c.Checks()[i].Detail, "art-b") {
		t.Fatalf("checks = %+v", c.Checks())
	}
}

func TestClaim_SuggestMatch_whenLinkedOrDismissed(t *testing.T) {
	if evs, err := suggest("c-9", "")(given(t, link("c-9"))); err != nil || len(evs) != 0 {
		t.Fatalf("linked pair suggested: %v, %v", evs, err)
	}
	if evs, err := suggest("c-9", "")(in(t, claim.StatusDismissed)); err != nil || len(evs) != 0 {
		t.Fatalf("dismissed claim suggested: %v, %v", evs, err)
	}
}

// A claim holding MaxPendingSuggestions undecided takes no more but
// contradictions; deciding one makes room again.
func TestClaim_SuggestMatch_boundedPending(t *testing.T) {
	steps := make([]step, claim.MaxPendingSuggestions)
	for i := range steps {
		steps[i] = suggest(claim.ID(fmt.Sprintf("o-%d", i)), "")
	}
	c := given(t, steps...)
	if evs, err := suggest("o-more", "")(c); err != nil || len(evs) != 0 {
		t.Fatalf("suggestion past the bound: %v, %v; want none", evs, err)
	}
	if evs, err := suggest("o-contra", "47.5 billion CNY against 344 billion CNY")(c); err != nil || len(evs) != 1 {
		t.Fatalf("contradiction past the bound: %v, %v; want it recorded", evs, err)
	}
	c = given(t, append(steps, func(c *claim.Claim) ([]any, error) { return c.RejectMatch("o-0", "alice", "") })...)
	if evs, err := suggest("o-more", "")(c); err != nil || len(evs) != 1 {
		t.Fatalf("suggestion after one was decided: %v, %v; want it recorded", evs, err)
	}
}
