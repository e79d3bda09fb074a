package claim_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/domain/claim"
)

func TestVote_Validate(t *testing.T) {
	ok := vote("alice", claim.VerdictConfirm)
	with := func(f func(v *claim.Vote)) claim.Vote {
		v := ok
		v.Evidence = append([]string(nil), ok.Evidence...)
		f(&v)
		return v
	}
	many := make([]string, claim.MaxEvidence+1)
	for i := range many {
		many[i] = fmt.Sprintf("https://example.org/%d", i)
	}
	tests := []struct {
		name string
		vote claim.Vote
		want []string // every problem, in order; none = valid
	}{
		{"confirm", ok, nil},
		{"unverifiable without evidence", with(func(v *claim.Vote) { v.Verdict = claim.VerdictUnverifiable; v.Evidence = nil }), nil},
		{"dispute with reason and correction", with(func(v *claim.Vote) {
			v.Verdict, v.Reason, v.CorrectedValue = claim.VerdictDispute, claim.ReasonWrongUnitOrCurrency, "$28 billion"
		}), nil},
		{"at most evidence", with(func(v *claim.Vote) { v.Evidence = many[:claim.MaxEvidence] }), nil},
		{"longest note", with(func(v *claim.Vote) { v.Note = strings.Repeat("é", claim.MaxNoteBytes/2) }), nil},
		{"no reviewer", with(func(v *claim.Vote) { v.Reviewer = "" }), []string{"vote.reviewer: required"}},
		{"reviewer with space", with(func(v *claim.Vote) { v.Reviewer = "a b" }), []string{"vote.reviewer: contains a space"}},
		{"no verdict", with(func(v *claim.Vote) { v.Verdict = "" }), []string{"vote.verdict: required"}},
		{"unknown verdict", with(func(v *claim.Vote) { v.Verdict = "true" }), []string{`vote.verdict: unknown verdict "true"`}},
		{"dispute without reason", with(func(v *claim.Vote) { v.Verdict = claim.VerdictDispute }),
			[]string{"vote.reason: required for a dispute"}},
		{"dispute with unknown reason", with(func(v *claim.Vote) { v.Verdict, v.Reason = claim.VerdictDispute, "wrong" }),
			[]string{`vote.reason: unknown reason "wrong"`}},
		{"confirm with reason", with(func(v *claim.Vote) { v.Reason = claim.ReasonWrongDate }),
			[]string{"vote.reason: only a dispute carries a reason"}},
		{"unverifiable with correction", with(func(v *claim.Vote) { v.Verdict, v.CorrectedValue = claim.VerdictUnverifiable, "3" }),
			[]string{"vote.corrected_value: only a dispute carries a corrected value"}},
		{"long correction", with(func(v *claim.Vote) {
			v.Verdict, v.Reason, v.CorrectedValue = claim.VerdictDispute, claim.ReasonWrongValue, strings.Repeat("9", claim.MaxCorrectedValueBytes+1)
		}), []string{"vote.corrected_value: longer than 500 bytes"}},
		{"long note", with(func(v *claim.Vote) { v.Note = strings.Repeat("x", claim.MaxNoteBytes+1) }), []string{"vote.note: longer than 4000 bytes"}},
		{"note not UTF-8", with(func(v *claim.Vote) { v.Note = "caf\xe9" }), []string{"vote.note: not valid UTF-8"}},
		{"too much evidence", with(func(v *claim.Vote) { v.Evidence = many }), []string{"vote.evidence: 21 links, at most 20"}},
		{"relative link", with(func(v *claim.Vote) { v.Evidence = []string{"/source"} }), []string{"vote.evidence[0]: not an absolute http(s) URL"}},
		{"ftp link", with(func(v *claim.Vote) { v.Evidence = []string{"ftp://example.org/x"} }), []string{"vote.evidence[0]: not an absolute"}},
		{"javascript link", with(func(v *claim.Vote) { v.Evidence = []string{"javascript:alert(1)"} }), []string{"vote.evidence[0]: not an absolute"}},
		{"link without host", with(func(v *claim.Vote) { v.Evidence = []string{"https:///path"} }), []string{"vote.evidence[0]: no host"}},
		{"link with credentials", with(func(v *claim.Vote) { v.Evidence = []string{"https://me:pw@example.org/"} }),
			[]string{"vote.evidence[0]: must not carry credentials"}},
		{"link with space", with(func(v *claim.Vote) { v.Evidence = []string{"https://example.org/a b"} }), []string{"vote.evidence[0]: contains a space"}},
		{"duplicate link", with(func(v *claim.Vote) {
			v.Evidence = []string{"https://a.example/", "https://b.example/", "https://a.example/"}
		}),
			[]string{"vote.evidence[2]: same link as vote.evidence[0]"}},
		{"no time", with(func(v *claim.Vote) { v.At = time.Time{} }), []string{"vote.at: required"}},
		{"every problem at once", claim.Vote{Verdict: claim.VerdictDispute, Evidence: []string{"x"}},
			[]string{"vote.reviewer: required", "vote.reason: required", "vote.evidence[0]", "vote.at: required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.vote.Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Validate: %v, want valid", err)
				}
				return
			}
			wantFamily(t, err, claim.ErrInvalid)
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("Validate:\n%v\nwant %d problems: %q", err, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("problem %d = %q, want prefix %q", i, lines[i], w)
				}
			}
			var fe *claim.FieldError
			if !errors.As(err, &fe) || !strings.HasPrefix(tt.want[0], fe.Field) {
				t.Errorf("errors.As FieldError = %+v, want field of %q", fe, tt.want[0])
			}
		})
	}
}

// SubmitReview validates the vote before it looks at the claim: a bad vote
// is bad whatever the claim's status, so it is InvalidArgument, not
// FailedPrecondition.
func TestClaim_SubmitReview_whenVoteInvalid(t *testing.T) {
	for _, s := range claim.Statuses() {
		_, err := in(t, s).SubmitReview(claim.Vote{Reviewer: "zoe", Verdict: claim.VerdictDispute, At: t0}, quorum1)
		wantFamily(t, err, claim.ErrInvalid)
		if err != nil && !strings.Contains(err.Error(), "claim c-1: submit review: vote.reason: required for a dispute") {
			t.Errorf("err = %q, want the claim, the operation and the field", err)
		}
	}
}
