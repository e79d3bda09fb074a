package app

import (
	"strings"
	"testing"

	"github.com/claimledger/claimledger/domain/reviewer"
)

func TestPermissions_oneRowPerOperation(t *testing.T) {
	seen := map[Operation]bool{}
	for _, p := range Permissions() {
		if seen[p.Op] {
			t.Errorf("%s is in the table twice", p.Op)
		}
		seen[p.Op] = true
		if _, _, ok := strings.Cut(string(p.Op), "/"); !ok {
			t.Errorf("%s is not spelled Service/Method", p.Op)
		}
	}
}

func TestAllowed(t *testing.T) {
	cases := []struct {
		op   Operation
		role reviewer.Role
		want bool
	}{
		{OpSubmitReview, reviewer.RoleReviewer, true},
		{OpSubmitReview, reviewer.RoleAuditor, false},
		{OpSettleClaim, reviewer.RoleReviewer, false},
		{OpSettleClaim, reviewer.RoleEditor, true},
		{OpGetClaimHistory, reviewer.RoleEditor, false},
		{OpGetClaimHistory, reviewer.RoleAuditor, true},
		{OpIssueToken, reviewer.RoleEditor, false},
		{OpIssueToken, reviewer.RoleAdmin, true},
		{Operation("ClaimService/NotYetDecided"), reviewer.RoleAdmin, false},
		{OpGetClaim, reviewer.Role("intern"), false},
	}
	for _, c := range cases {
		if got := Allowed(c.op, c.role); got != c.want {
			t.Errorf("Allowed(%s, %s) = %v, want %v", c.op, c.role, got, c.want)
		}
		if got := Refusal(c.op, c.role) == ""; got != c.want {
			t.Errorf("Refusal(%s, %s) = %q", c.op, c.role, Refusal(c.op, c.role))
		}
	}
	if got := Refusal(OpSettleClaim, reviewer.RoleReviewer); !strings.Contains(got, `"settle"`) || !strings.Contains(got, `"reviewer"`) {
		t.Errorf("refusal names neither role nor action: %q", got)
	}
}
