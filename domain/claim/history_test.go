package claim_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
)

// The long way round: every kind of event in one history, rebuilt from JSON
// (given checks that) and compared with what the workflow says it should be.
func TestFromHistory_wholeWorkflow(t *testing.T) {
	c := given(t,
		submit(quorum2, vote("alice", claim.VerdictConfirm)),
		submit(quorum2, vote("bob", claim.VerdictDispute)),
		link("c-7"),
		retract(quorum2, "bob"),
		submit(quorum2, vote("bob", claim.VerdictUnverifiable)),
		settle(claim.VerdictUnverifiable),
		reopen,
		submit(quorum2, vote("carol", claim.VerdictConfirm)),
		dismiss,
	)
	want := state{Status: claim.StatusDismissed, Round: 2, Version: 1 + 1 + 2 + 1 + 2 + 2 + 2 + 2 + 2 + 2,
		Links: []claim.ID{"c-7"}}
	got := snapshot(c)
	if got.Status != want.Status || got.Round != want.Round || got.Version != want.Version || !reflect.DeepEqual(got.Links, want.Links) {
		t.Errorf("status %s, round %d, version %d, links %v; want %s, %d, %d, %v",
			got.Status, got.Round, got.Version, got.Links, want.Status, want.Round, want.Version, want.Links)
	}
	if len(got.Votes) != 1 || got.Votes[0].Reviewer != "carol" {
		t.Errorf("live votes = %+v, want carol's only (the reopen cleared the first round)", got.Votes)
	}
}

func TestClaim_Votes_sortedByReviewer(t *testing.T) {
	c := given(t,
		submit(quorum3, vote("zoe", claim.VerdictConfirm)),
		submit(quorum3, vote("alice", claim.VerdictConfirm)),
		submit(quorum3, vote("mia", claim.VerdictDispute)))
	var names []string
	for _, v := range c.Votes() {
		names = append(names, v.Reviewer)
	}
	if !reflect.DeepEqual(names, []string{"alice", "mia", "zoe"}) {
		t.Errorf("Votes() reviewers = %v, want sorted", names)
	}
	c.Votes()[0].Evidence[0] = "https://changed.example/"
	if c.Votes()[0].Evidence[0] == "https://changed.example/" {
		t.Error("Votes() shares evidence with the claim")
	}
}

// Apply refuses a history that does not fold and leaves the claim as it was,
// so a broken stream is found at the event that breaks it.
func TestFromHistory_whenInconsistent(t *testing.T) {
	opened, _ := claim.Extract(extractCmd())
	ex := opened[0]
	sub := claim.ReviewSubmitted{Vote: vote("alice", claim.VerdictConfirm)}
	tests := []struct {
		name   string
		events []any
	}{
		{"empty", nil},
		{"not opened", []any{sub}},
		{"opened twice", []any{ex, ex}},
		{"second live vote", []any{ex, sub, sub}},
		{"retraction without vote", []any{ex, claim.ReviewRetracted{Reviewer: "bob"}}},
		{"status change from elsewhere", []any{ex, claim.StatusChanged{From: claim.StatusConfirmed, To: claim.StatusUnderReview}}},
		{"status change to nowhere", []any{ex, claim.StatusChanged{From: claim.StatusExtracted, To: "gone"}}},
		{"linked twice", []any{ex, claim.Linked{OtherClaimID: "c-2"}, claim.Linked{OtherClaimID: "c-2"}}},
		{"foreign event", []any{ex, struct{ Type string }{"article.ingested"}}},
		{"nil event", []any{ex, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := claim.FromHistory(tt.events)
			wantFamily(t, err, claim.ErrHistory)
			if c != nil {
				t.Errorf("FromHistory returned a claim with the error")
			}
		})
	}
	c := mustRehydrate(t, []any{ex, sub})
	before := snapshot(c)
	if err := c.Apply(sub); !errors.Is(err, claim.ErrHistory) || !reflect.DeepEqual(snapshot(c), before) {
		t.Errorf("Apply(second vote) = %v and changed the claim", err)
	}
}

// The event registry decodes into pointers; Apply takes both.
func TestClaim_Apply_pointers(t *testing.T) {
	events, _ := claim.Extract(extractCmd())
	ex := events[0].(claim.Extracted)
	c := mustRehydrate(t, []any{&ex})
	if c.ID() != "c-1" || c.Version() != 1 {
		t.Errorf("after *Extracted: id %q, version %d", c.ID(), c.Version())
	}
}

// Normalized() is a copy: changing what it returns does not change the claim.
func TestClaim_Normalized_isACopy(t *testing.T) {
	c := given(t)
	c.Normalized()["unit"] = "USD"
	if c.Normalized()["unit"] != "CNY" {
		t.Error("Normalized() shares its map with the claim")
	}
}

// An empty evidence list is recorded as none, which is what it reads back as.
func TestClaim_SubmitReview_emptyEvidence(t *testing.T) {
	v := vote("alice", claim.VerdictUnverifiable)
	v.Evidence = []string{}
	if got := given(t, submit(quorum1, v)).Votes()[0].Evidence; got != nil {
		t.Errorf("evidence = %#v, want nil", got)
	}
}

// A clone moves on with Apply while the claim it was cloned from stays as
// it was: the app keeps folded claims and extends clones of them.
func TestClaim_Clone_isIndependent(t *testing.T) {
	c := given(t, submit(quorum2, vote("alice", claim.VerdictConfirm)), link("c-7"))
	before := snapshot(c)
	n := c.Clone()
	for _, e := range []any{
		claim.ReviewRetracted{Reviewer: "alice", Reason: "second look"},
		claim.ReviewSubmitted{Vote: vote("bob", claim.VerdictDispute)},
		claim.Linked{OtherClaimID: "c-8", By: "ed"},
	} {
		if err := n.Apply(e); err != nil {
			t.Fatalf("apply %T to the clone: %v", e, err)
		}
	}
	if after := snapshot(c); !reflect.DeepEqual(after, before) {
		t.Errorf("the original changed with its clone:\nbefore %+v\nafter  %+v", before, after)
	}
	if got := snapshot(n); len(got.Votes) != 1 || got.Votes[0].Reviewer != "bob" || len(got.Links) != 2 || got.Version != before.Version+3 {
		t.Errorf("clone = %+v; want bob's vote only, two links, version %d", got, before.Version+3)
	}
}
