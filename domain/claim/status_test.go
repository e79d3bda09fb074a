package claim_test

import (
	"strings"
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
)

func TestStatus_Final(t *testing.T) {
	want := map[claim.Status]bool{
		claim.StatusExtracted: false, claim.StatusUnderReview: false, claim.StatusContested: false,
		claim.StatusConfirmed: true, claim.StatusDisputed: true, claim.StatusUnverifiable: true, claim.StatusDismissed: true,
	}
	if len(claim.Statuses()) != len(want) {
		t.Fatalf("Statuses() = %v, want the %d of the design", claim.Statuses(), len(want))
	}
	for _, s := range claim.Statuses() {
		if s.Final() != want[s] || !s.Valid() {
			t.Errorf("%s: Final = %v, Valid = %v; want %v, true", s, s.Final(), s.Valid(), want[s])
		}
	}
	for _, s := range []claim.Status{"", "Confirmed", "settled"} {
		if s.Valid() || s.Final() {
			t.Errorf("%q is valid or final", s)
		}
	}
}

func TestParseVerdict(t *testing.T) {
	for in, want := range map[string]claim.Status{
		"confirm": claim.StatusConfirmed, "dispute": claim.StatusDisputed, "unverifiable": claim.StatusUnverifiable,
	} {
		v, err := claim.ParseVerdict(in)
		if err != nil || v.Status() != want {
			t.Errorf("ParseVerdict(%q) = %q, %v; want a verdict leading to %s", in, v, err, want)
		}
	}
	for _, in := range []string{"", "Confirm", "confirmed", "true"} {
		_, err := claim.ParseVerdict(in)
		wantFamily(t, err, claim.ErrInvalid)
		if err != nil && !strings.HasPrefix(err.Error(), "verdict: ") {
			t.Errorf("ParseVerdict(%q) = %q, want it to name the field", in, err)
		}
	}
}

func TestParseReason(t *testing.T) {
	names := []string{"wrong_value", "wrong_unit_or_currency", "wrong_date", "misattributed",
		"out_of_context", "internally_inconsistent", "conflicting_evidence"}
	if len(claim.Reasons()) != len(names) {
		t.Errorf("Reasons() = %v, want the design's %d codes", claim.Reasons(), len(names))
	}
	for _, in := range names {
		if r, err := claim.ParseReason(in); err != nil || string(r) != in {
			t.Errorf("ParseReason(%q) = %q, %v", in, r, err)
		}
	}
	for _, in := range []string{"", "Wrong_Value", "other"} {
		_, err := claim.ParseReason(in)
		wantFamily(t, err, claim.ErrInvalid)
		if err != nil && !strings.Contains(err.Error(), "conflicting_evidence") {
			t.Errorf("ParseReason(%q) = %q, want it to list the codes", in, err)
		}
	}
}
