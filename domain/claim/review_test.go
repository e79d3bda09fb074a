package claim_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/claimledger/claimledger/domain/claim"
)

func TestClaim_SubmitReview(t *testing.T) {
	confirm, dispute, unverifiable := claim.VerdictConfirm, claim.VerdictDispute, claim.VerdictUnverifiable
	tests := []struct {
		name   string
		given  []step
		policy claim.Policy
		vote   claim.Vote
		want   claim.Status // "" = no StatusChanged
	}{
		{"whenExtracted_confirmDecidesAtQuorum1", nil, quorum1, vote("alice", confirm), claim.StatusConfirmed},
		{"whenExtracted_disputeDecidesAtQuorum1", nil, quorum1, vote("alice", dispute), claim.StatusDisputed},
		{"whenExtracted_unverifiableDecidesAtQuorum1", nil, quorum1, vote("alice", unverifiable), claim.StatusUnverifiable},
		{"whenExtracted_firstVoteBelowQuorum", nil, quorum2, vote("alice", confirm), claim.StatusUnderReview},
		{"whenUnderReview_agreeingVoteReachesQuorum",
			[]step{submit(quorum2, vote("alice", dispute))}, quorum2, vote("bob", dispute), claim.StatusDisputed},
		{"whenUnderReview_agreeingVoteBelowQuorum",
			[]step{submit(quorum3, vote("alice", confirm))}, quorum3, vote("bob", confirm), ""},
		{"whenUnderReview_disagreeingVoteContests",
			[]step{submit(quorum2, vote("alice", confirm))}, quorum2, vote("bob", unverifiable), claim.StatusContested},
		{"whenUnderReview_disagreementBeatsQuorum",
			[]step{submit(quorum3, vote("alice", confirm)), submit(quorum3, vote("bob", confirm))},
			quorum3, vote("carol", dispute), claim.StatusContested},
		{"whenUnderReviewWithoutVotes_afterReopen",
			[]step{submit(quorum1, vote("alice", confirm)), reopen}, quorum1, vote("alice", dispute), claim.StatusDisputed},
		{"whenUnderReviewWithoutVotes_afterRetraction",
			[]step{submit(quorum2, vote("alice", confirm)), retract(quorum2, "alice")}, quorum2, vote("bob", confirm), ""},
		{"whenContested_agreeingVoteStaysContested",
			[]step{submit(quorum2, vote("alice", confirm)), submit(quorum2, vote("bob", dispute))},
			quorum1, vote("carol", confirm), ""},
		{"whenContested_thirdVerdictStaysContested",
			[]step{submit(quorum2, vote("alice", confirm)), submit(quorum2, vote("bob", dispute))},
			quorum2, vote("carol", unverifiable), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := given(t, tt.given...)
			from := c.Status()
			events, err := c.SubmitReview(tt.vote, tt.policy)
			if err != nil {
				t.Fatalf("SubmitReview: %v", err)
			}
			want := []any{claim.ReviewSubmitted{Vote: tt.vote}}
			if tt.want != "" {
				want = append(want, claim.StatusChanged{From: from, To: tt.want, Cause: claim.CauseVote, By: tt.vote.Reviewer})
			}
			if !reflect.DeepEqual(events, want) {
				t.Fatalf("events:\n got %+v\nwant %+v", events, want)
			}
			mustApply(t, c, events)
			if v, ok := c.Vote(tt.vote.Reviewer); !ok || !reflect.DeepEqual(v, tt.vote) {
				t.Errorf("live vote = %+v, %v; want %+v", v, ok, tt.vote)
			}
		})
	}
}

// A reviewer changes their vote by retracting it and voting again; voting
// twice is refused whatever the new verdict.
func TestClaim_SubmitReview_whenAlreadyVoted(t *testing.T) {
	for _, s := range []claim.Status{claim.StatusUnderReview, claim.StatusContested} {
		t.Run(string(s), func(t *testing.T) {
			c := in(t, s)
			for _, v := range []claim.Verdict{claim.VerdictConfirm, claim.VerdictDispute, claim.VerdictUnverifiable} {
				_, err := c.SubmitReview(vote("alice", v), quorum2)
				wantFamily(t, err, claim.ErrAlreadyVoted)
			}
		})
	}
	c := given(t, submit(quorum2, vote("alice", claim.VerdictConfirm)), retract(quorum2, "alice"))
	if _, err := c.SubmitReview(vote("alice", claim.VerdictDispute), quorum2); err != nil {
		t.Errorf("vote after retraction: %v", err)
	}
}

// The vote is recorded in UTC, so the payload does not depend on the
// server's time zone.
func TestClaim_SubmitReview_recordsUTC(t *testing.T) {
	v := vote("alice", claim.VerdictConfirm)
	v.At = t0.In(time.FixedZone("CET", 3600))
	events, err := given(t).SubmitReview(v, quorum1)
	if err != nil {
		t.Fatal(err)
	}
	if at := events[0].(claim.ReviewSubmitted).Vote.At; at.Location().String() != "UTC" || !at.Equal(t0) {
		t.Errorf("recorded at %v, want %v", at, t0)
	}
}

func TestClaim_SubmitReview_whenPolicyInvalid(t *testing.T) {
	for _, q := range []int{-1, 0, claim.MaxQuorum + 1} {
		_, err := given(t).SubmitReview(vote("alice", claim.VerdictConfirm), claim.Policy{Quorum: q})
		wantFamily(t, err, claim.ErrInvalid)
	}
}

func TestClaim_RetractReview(t *testing.T) {
	confirm, dispute := claim.VerdictConfirm, claim.VerdictDispute
	alice, bob, carol := vote("alice", confirm), vote("bob", dispute), vote("carol", confirm)
	tests := []struct {
		name     string
		given    []step
		policy   claim.Policy
		reviewer string
		want     claim.Status // "" = no StatusChanged
	}{
		{"whenUnderReview_lastVoteLeavesUnderReview", []step{submit(quorum2, alice)}, quorum2, "alice", ""},
		{"whenUnderReview_oneOfTwo", []step{submit(quorum3, alice), submit(quorum3, carol)}, quorum3, "carol", ""},
		{"whenContested_disagreementGoneBelowQuorum",
			[]step{submit(quorum2, alice), submit(quorum2, bob)}, quorum2, "bob", claim.StatusUnderReview},
		{"whenContested_disagreementGoneAtQuorum",
			[]step{submit(quorum2, alice), submit(quorum2, bob)}, quorum1, "bob", claim.StatusConfirmed},
		{"whenContested_remainingAgreeAtQuorum",
			[]step{submit(quorum2, alice), submit(quorum2, bob), submit(quorum2, carol)}, quorum2, "bob", claim.StatusConfirmed},
		{"whenContested_disagreementRemains",
			[]step{submit(quorum2, alice), submit(quorum2, bob), submit(quorum2, carol)}, quorum2, "alice", ""},
		{"whenContested_theOnlyDissenterLeftDecides",
			[]step{submit(quorum2, alice), submit(quorum2, bob)}, quorum1, "alice", claim.StatusDisputed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := given(t, tt.given...)
			from := c.Status()
			events, err := c.RetractReview(tt.reviewer, "changed my mind", tt.policy)
			if err != nil {
				t.Fatalf("RetractReview: %v", err)
			}
			want := []any{claim.ReviewRetracted{Reviewer: tt.reviewer, Reason: "changed my mind"}}
			if tt.want != "" {
				want = append(want, claim.StatusChanged{From: from, To: tt.want, Cause: claim.CauseRetraction,
					By: tt.reviewer, Note: "changed my mind"})
			}
			if !reflect.DeepEqual(events, want) {
				t.Fatalf("events:\n got %+v\nwant %+v", events, want)
			}
			mustApply(t, c, events)
			if _, ok := c.Vote(tt.reviewer); ok {
				t.Errorf("%s still has a live vote", tt.reviewer)
			}
		})
	}
}

func TestClaim_RetractReview_whenNoVote(t *testing.T) {
	for _, s := range []claim.Status{claim.StatusUnderReview, claim.StatusContested} {
		t.Run(string(s), func(t *testing.T) {
			_, err := in(t, s).RetractReview("dave", "", quorum2)
			wantFamily(t, err, claim.ErrNoVote)
		})
	}
	c := given(t, submit(quorum2, vote("alice", claim.VerdictConfirm)), retract(quorum2, "alice"))
	_, err := c.RetractReview("alice", "", quorum2)
	wantFamily(t, err, claim.ErrNoVote)
}

// A final claim keeps its votes until it is reopened; retracting one would
// quietly take the ground from under the decision.
func TestClaim_RetractReview_whenFinal(t *testing.T) {
	for _, s := range []claim.Status{claim.StatusConfirmed, claim.StatusDisputed, claim.StatusUnverifiable} {
		t.Run(string(s), func(t *testing.T) {
			_, err := in(t, s).RetractReview("alice", "", quorum1)
			wantFamily(t, err, claim.ErrIllegalTransition)
		})
	}
}

func TestClaim_RetractReview_whenInputInvalid(t *testing.T) {
	c := in(t, claim.StatusUnderReview)
	for name, do := range map[string]func() error{
		"no reviewer": func() error { _, err := c.RetractReview("", "", quorum2); return err },
		"long reason": func() error {
			_, err := c.RetractReview("alice", string(make([]byte, claim.MaxNoteBytes+1)), quorum2)
			return err
		},
		"bad policy":   func() error { _, err := c.RetractReview("alice", "", claim.Policy{}); return err },
		"invalid utf8": func() error { _, err := c.RetractReview("alice", "\xff", quorum2); return err },
	} {
		t.Run(name, func(t *testing.T) { wantFamily(t, do(), claim.ErrInvalid) })
	}
}
