package claim_test

import (
	"reflect"
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
)

func TestClaim_Link(t *testing.T) {
	for _, s := range claim.Statuses() {
		if s == claim.StatusDismissed {
			continue
		}
		t.Run("when_"+string(s), func(t *testing.T) {
			c := in(t, s)
			events, err := c.Link("c-9", "alice", "same figure in the follow-up")
			if err != nil {
				t.Fatalf("Link: %v", err)
			}
			want := []any{claim.Linked{OtherClaimID: "c-9", By: "alice", Note: "same figure in the follow-up"}}
			if !reflect.DeepEqual(events, want) {
				t.Fatalf("events:\n got %+v\nwant %+v", events, want)
			}
			mustApply(t, c, events)
			if c.Status() != s {
				t.Errorf("linking moved the claim from %s to %s", s, c.Status())
			}
		})
	}
}

func TestClaim_Link_whenDismissed(t *testing.T) {
	_, err := in(t, claim.StatusDismissed).Link("c-9", "alice", "")
	wantFamily(t, err, claim.ErrIllegalTransition)
}

func TestClaim_Link_whenAlreadyLinked(t *testing.T) {
	c := given(t, link("c-9"), link("c-2"))
	_, err := c.Link("c-9", "bob", "again")
	wantFamily(t, err, claim.ErrAlreadyLinked)
	if got, want := c.Links(), []claim.ID{"c-2", "c-9"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Links() = %v, want %v (sorted)", got, want)
	}
}

func TestClaim_Link_whenInputInvalid(t *testing.T) {
	c := in(t, claim.StatusExtracted)
	for name, tt := range map[string]struct {
		other   claim.ID
		by      string
		problem string
	}{
		"itself":         {"c-1", "alice", "other_claim_id: a claim cannot be linked to itself"},
		"no other":       {"", "alice", "other_claim_id: required"},
		"space in other": {"c 2", "alice", "other_claim_id: contains a space"},
		"no actor":       {"c-2", "", "by: required"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.Link(tt.other, tt.by, "")
			wantFamily(t, err, claim.ErrInvalid)
			if err != nil && !contains(err.Error(), tt.problem) {
				t.Errorf("err = %q, want it to say %q", err, tt.problem)
			}
		})
	}
}
