package reviewer_test

import (
	"errors"
	"testing"

	"github.com/claimledger/claimledger/domain/reviewer"
)

// TestRole_Can is the design's capability table, every cell of it.
func TestRole_Can(t *testing.T) {
	const (
		y = true
		n = false
	)
	//                      ingest read review settle reopen dismiss link audit export admin add_claim correct reextract
	table := map[reviewer.Role][]bool{
		reviewer.RoleReviewer: {y, y, y, n, n, n, y, n, y, n, y, n, n},
		reviewer.RoleEditor:   {y, y, y, y, y, y, y, n, y, n, y, y, y},
		reviewer.RoleAuditor:  {n, y, n, n, n, n, n, y, y, n, n, n, n},
		reviewer.RoleAdmin:    {y, y, y, y, y, y, y, y, y, y, y, y, y},
		"":                    {n, n, n, n, n, n, n, n, n, n, n, n, n},
		"Admin":               {n, n, n, n, n, n, n, n, n, n, n, n, n},
	}
	actions := reviewer.Actions()
	if len(actions) != 13 {
		t.Fatalf("Actions() = %v, want the design's 10 and the three that complete the extractor", actions)
	}
	for role, row := range table {
		for i, a := range actions {
			if got := role.Can(a); got != row[i] {
				t.Errorf("Role(%q).Can(%s) = %v, want %v", role, a, got, row[i])
			}
		}
		if role.Can("delete_everything") {
			t.Errorf("Role(%q) can do an unknown action", role)
		}
	}
}

func TestParseRole(t *testing.T) {
	for _, r := range reviewer.Roles() {
		if got, err := reviewer.ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	for _, s := range []string{"", "Editor", "root", "editor "} {
		_, err := reviewer.ParseRole(s)
		var fe *reviewer.FieldError
		if !errors.Is(err, reviewer.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "role" {
			t.Errorf("ParseRole(%q) = %v, want an ErrInvalid on field role", s, err)
		}
	}
}
