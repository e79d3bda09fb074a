package claim_test

import (
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
)

func TestPolicy_Outcome(t *testing.T) {
	c, d, u := claim.VerdictConfirm, claim.VerdictDispute, claim.VerdictUnverifiable
	tests := []struct {
		name   string
		quorum int
		votes  []claim.Verdict
		want   claim.Status
	}{
		{"no votes", 1, nil, claim.StatusUnderReview},
		{"no votes, quorum 3", 3, nil, claim.StatusUnderReview},
		{"one confirm decides at quorum 1", 1, []claim.Verdict{c}, claim.StatusConfirmed},
		{"one dispute decides at quorum 1", 1, []claim.Verdict{d}, claim.StatusDisputed},
		{"one unverifiable decides at quorum 1", 1, []claim.Verdict{u}, claim.StatusUnverifiable},
		{"one of two", 2, []claim.Verdict{c}, claim.StatusUnderReview},
		{"two of two", 2, []claim.Verdict{d, d}, claim.StatusDisputed},
		{"three beyond quorum", 2, []claim.Verdict{u, u, u}, claim.StatusUnverifiable},
		{"two of three", 3, []claim.Verdict{c, c}, claim.StatusUnderReview},
		{"disagreement at quorum 1", 1, []claim.Verdict{c, d}, claim.StatusContested},
		{"disagreement below quorum", 3, []claim.Verdict{c, u}, claim.StatusContested},
		{"one dissenter among many", 2, []claim.Verdict{c, c, c, d}, claim.StatusContested},
		{"three verdicts", 1, []claim.Verdict{c, d, u}, claim.StatusContested},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var live []claim.Vote
			for i, v := range tt.votes {
				live = append(live, vote(string(rune('a'+i)), v))
			}
			if got := (claim.Policy{Quorum: tt.quorum}).Outcome(live); got != tt.want {
				t.Errorf("Outcome = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestPolicy_Validate(t *testing.T) {
	if err := claim.DefaultPolicy().Validate(); err != nil || claim.DefaultPolicy().Quorum != 1 {
		t.Errorf("DefaultPolicy = %+v, %v; want quorum 1, valid", claim.DefaultPolicy(), err)
	}
	for q, valid := range map[int]bool{-1: false, 0: false, 1: true, 5: true, claim.MaxQuorum: true, claim.MaxQuorum + 1: false} {
		err := claim.Policy{Quorum: q}.Validate()
		if valid != (err == nil) {
			t.Errorf("Quorum %d: Validate = %v", q, err)
		}
		if err != nil {
			wantFamily(t, err, claim.ErrInvalid)
		}
	}
}
