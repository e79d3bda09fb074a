package claim_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
)

var finals = []claim.Status{claim.StatusConfirmed, claim.StatusDisputed, claim.StatusUnverifiable, claim.StatusDismissed}

func TestClaim_Reopen_whenFinal(t *testing.T) {
	for _, s := range finals {
		t.Run(string(s), func(t *testing.T) {
			c := in(t, s)
			events, err := c.Reopen("ed", "new evidence")
			if err != nil {
				t.Fatalf("Reopen: %v", err)
			}
			want := []any{
				claim.Reopened{By: "ed", Reason: "new evidence"},
				claim.StatusChanged{From: s, To: claim.StatusUnderReview, Cause: claim.CauseReopen, By: "ed", Note: "new evidence"},
			}
			if !reflect.DeepEqual(events, want) {
				t.Fatalf("events:\n got %+v\nwant %+v", events, want)
			}
			mustApply(t, c, events)
			if c.Status() != claim.StatusUnderReview || len(c.Votes()) != 0 || c.Round() != 2 {
				t.Errorf("after reopen: status %s, %d live votes, round %d; want under_review, 0, 2",
					c.Status(), len(c.Votes()), c.Round())
			}
		})
	}
}

// The previous round's reviewers may vote again after a reopen: their old
// votes no longer count, so they are not "already voted".
func TestClaim_Reopen_startsNewRound(t *testing.T) {
	c := given(t, submit(quorum1, vote("alice", claim.VerdictConfirm)), reopen,
		submit(quorum2, vote("alice", claim.VerdictDispute)))
	if got := c.Votes(); len(got) != 1 || got[0].Verdict != claim.VerdictDispute {
		t.Errorf("live votes = %+v, want alice's dispute only", got)
	}
}

func TestClaim_Reopen_whenNotFinal(t *testing.T) {
	for _, s := range []claim.Status{claim.StatusExtracted, claim.StatusUnderReview, claim.StatusContested} {
		t.Run(string(s), func(t *testing.T) {
			_, err := in(t, s).Reopen("ed", "why not")
			wantFamily(t, err, claim.ErrIllegalTransition)
		})
	}
}

func TestClaim_Reopen_whenReasonMissing(t *testing.T) {
	for _, reason := range []string{"", "   ", "\n\t"} {
		_, err := in(t, claim.StatusConfirmed).Reopen("ed", reason)
		wantFamily(t, err, claim.ErrInvalid)
		if !errors.Is(err, claim.ErrReasonRequired) {
			t.Errorf("Reopen(%q) = %v, want ErrReasonRequired", reason, err)
		}
	}
	_, err := in(t, claim.StatusConfirmed).Reopen("", "reason")
	wantFamily(t, err, claim.ErrInvalid)
}

func TestClaim_Dismiss(t *testing.T) {
	for _, s := range []claim.Status{claim.StatusExtracted, claim.StatusUnderReview, claim.StatusContested} {
		t.Run("when_"+string(s), func(t *testing.T) {
			c := in(t, s)
			events, err := c.Dismiss("ed", "an opinion", claim.DismissNotAClaim)
			if err != nil {
				t.Fatalf("Dismiss: %v", err)
			}
			want := []any{
				claim.Dismissed{By: "ed", Reason: "an opinion", Code: claim.DismissNotAClaim},
				claim.StatusChanged{From: s, To: claim.StatusDismissed, Cause: claim.CauseDismissal, By: "ed", Note: "an opinion"},
			}
			if !reflect.DeepEqual(events, want) {
				t.Fatalf("events:\n got %+v\nwant %+v", events, want)
			}
		})
	}
}

// A decided claim is reopened before it is dismissed, so the log never shows
// a decision silently replaced.
func TestClaim_Dismiss_whenFinal(t *testing.T) {
	for _, s := range finals {
		t.Run(string(s), func(t *testing.T) {
			_, err := in(t, s).Dismiss("ed", "an opinion", claim.DismissNotAClaim)
			wantFamily(t, err, claim.ErrIllegalTransition)
		})
	}
}

func TestClaim_Dismiss_whenReasonMissing(t *testing.T) {
	_, err := in(t, claim.StatusExtracted).Dismiss("ed", " ", claim.DismissNotAClaim)
	wantFamily(t, err, claim.ErrInvalid)
	if !errors.Is(err, claim.ErrReasonRequired) || !strings.Contains(err.Error(), "reason: required") {
		t.Errorf("err = %v, want ErrReasonRequired", err)
	}
}

func TestClaim_Settle_whenContested(t *testing.T) {
	for _, v := range []claim.Verdict{claim.VerdictConfirm, claim.VerdictDispute, claim.VerdictUnverifiable} {
		t.Run(string(v), func(t *testing.T) {
			c := in(t, claim.StatusContested)
			events, err := c.Settle("ed", v, "the ministry's release")
			if err != nil {
				t.Fatalf("Settle: %v", err)
			}
			want := []any{
				claim.Settled{Editor: "ed", Verdict: v, Note: "the ministry's release"},
				claim.StatusChanged{From: claim.StatusContested, To: v.Status(), Cause: claim.CauseSettlement,
					By: "ed", Note: "the ministry's release"},
			}
			if !reflect.DeepEqual(events, want) {
				t.Fatalf("events:\n got %+v\nwant %+v", events, want)
			}
			mustApply(t, c, events)
			if len(c.Votes()) != 2 {
				t.Errorf("settling dropped the votes: %+v", c.Votes())
			}
		})
	}
}

func TestClaim_Settle_whenNotContested(t *testing.T) {
	for _, s := range claim.Statuses() {
		if s == claim.StatusContested {
			continue
		}
		t.Run(string(s), func(t *testing.T) {
			_, err := in(t, s).Settle("ed", claim.VerdictConfirm, "")
			wantFamily(t, err, claim.ErrIllegalTransition)
		})
	}
}

func TestClaim_Settle_whenInputInvalid(t *testing.T) {
	c := in(t, claim.StatusContested)
	for _, tt := range []struct {
		editor  string
		verdict claim.Verdict
		note    string
		field   string
	}{
		{"", claim.VerdictConfirm, "", "editor:"},
		{"ed", "", "", "verdict: required"},
		{"ed", "true", "", "verdict: unknown"},
		{"ed", claim.VerdictConfirm, strings.Repeat("x", claim.MaxNoteBytes+1), "note:"},
	} {
		_, err := c.Settle(tt.editor, tt.verdict, tt.note)
		wantFamily(t, err, claim.ErrInvalid)
		if err != nil && !strings.Contains(err.Error(), tt.field) {
			t.Errorf("err = %v, want it to name %q", err, tt.field)
		}
	}
}
