package claim_test

import (
	"errors"
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
)

// TestClaim_transitions is the workflow's whole state table: every action
// from every status, legal or not. The per-action tests say what the legal
// ones produce; this one says nothing is allowed that the design does not name.
func TestClaim_transitions(t *testing.T) {
	all := claim.Statuses()
	actions := []struct {
		name  string
		do    step
		legal []claim.Status
	}{
		{"submit review", submit(quorum1, vote("zoe", claim.VerdictConfirm)),
			[]claim.Status{claim.StatusExtracted, claim.StatusUnderReview, claim.StatusContested}},
		{"retract review", retract(quorum1, "alice"),
			[]claim.Status{claim.StatusUnderReview, claim.StatusContested}},
		{"reopen", reopen,
			[]claim.Status{claim.StatusConfirmed, claim.StatusDisputed, claim.StatusUnverifiable, claim.StatusDismissed}},
		{"dismiss", dismiss,
			[]claim.Status{claim.StatusExtracted, claim.StatusUnderReview, claim.StatusContested}},
		{"settle", settle(claim.VerdictConfirm),
			[]claim.Status{claim.StatusContested}},
		{"link", link("c-2"),
			[]claim.Status{claim.StatusExtracted, claim.StatusUnderReview, claim.StatusConfirmed,
				claim.StatusDisputed, claim.StatusUnverifiable, claim.StatusContested}},
	}
	for _, a := range actions {
		for _, from := range all {
			legal := false
			for _, s := range a.legal {
				legal = legal || s == from
			}
			t.Run(a.name+"/when_"+string(from), func(t *testing.T) {
				c := in(t, from)
				before := snapshot(c)
				events, err := a.do(c)
				if snapshot(c).Version != before.Version || snapshot(c).Status != before.Status {
					t.Fatalf("%s changed the claim; decide functions must only return events", a.name)
				}
				if legal {
					if err != nil {
						t.Fatalf("%s from %s: %v, want it allowed", a.name, from, err)
					}
					mustApply(t, c, events)
					return
				}
				wantFamily(t, err, claim.ErrIllegalTransition)
				var te *claim.TransitionError
				if !errors.As(err, &te) || te.From != from || te.Action != a.name {
					t.Fatalf("err = %v, want a TransitionError{%q, %s}", err, a.name, from)
				}
				if events != nil {
					t.Errorf("events = %v on an illegal transition, want none", events)
				}
			})
		}
	}
}

// TestClaim_neverExtracted: a zero Claim (a stream that does not exist) has
// no status, and nothing can be done to it.
func TestClaim_neverExtracted(t *testing.T) {
	var c claim.Claim
	for name, do := range map[string]step{
		"retract review": retract(quorum1, "alice"),
		"submit review":  submit(quorum1, vote("alice", claim.VerdictConfirm)),
		"reopen":         reopen,
		"dismiss":        dismiss,
		"settle":         settle(claim.VerdictConfirm),
		"link":           link("c-2"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := do(&c)
			wantFamily(t, err, claim.ErrIllegalTransition)
		})
	}
}
