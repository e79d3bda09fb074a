package claim_test

import (
	"errors"
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
)

// Messages reach reviewers through the API, so they say what to do next.
func TestErrors_messages(t *testing.T) {
	settleConfirmed := func() error {
		_, err := in(t, claim.StatusConfirmed).Settle("ed", claim.VerdictConfirm, "")
		return err
	}
	voteContested := func() error {
		_, err := in(t, claim.StatusContested).SubmitReview(vote("alice", claim.VerdictDispute), quorum1)
		return err
	}
	reopenContested := func() error { _, err := in(t, claim.StatusContested).Reopen("ed", "because"); return err }
	voteNowhere := func() error {
		_, err := new(claim.Claim).SubmitReview(vote("alice", claim.VerdictConfirm), quorum1)
		return err
	}
	retractNone := func() error { _, err := in(t, claim.StatusUnderReview).RetractReview("dave", "", quorum2); return err }
	linkTwice := func() error { _, err := given(t, link("c-2")).Link("c-2", "bob", ""); return err }
	for _, tt := range []struct {
		err  error
		want string
	}{
		{settleConfirmed(), "claim c-1: settle: illegal transition: settle is not allowed while the claim is confirmed (reopen it first)"},
		{reopenContested(), "claim c-1: reopen: illegal transition: reopen is not allowed while the claim is contested (an editor settles it)"},
		{voteNowhere(), "claim: submit review: illegal transition: submit review is not allowed on a claim that was never extracted"},
		{voteContested(), "claim c-1: submit review: already voted: alice has a live vote (retract it to vote again)"},
		{retractNone(), "claim c-1: retract review: no live vote from dave"},
		{linkTwice(), "claim c-1: link: already linked to c-2"},
		{claim.ErrReasonRequired, "reason: required"},
	} {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("err = %v\nwant    %s", tt.err, tt.want)
		}
	}
}

func TestTransitionError_As(t *testing.T) {
	_, err := in(t, claim.StatusDismissed).Link("c-2", "alice", "")
	var te *claim.TransitionError
	if !errors.As(err, &te) || te.Action != "link" || te.From != claim.StatusDismissed {
		t.Errorf("errors.As(%v) = %+v", err, te)
	}
}
