package claim

import (
	"fmt"
	"strings"
)

// Link records that this claim is the same statement as other, typically
// the same figure in another article, so a verdict on one informs the
// other. Links are allowed in every status but dismissed: a dismissed claim
// is not a checkable claim, so it is the same as nothing. Linking is
// one-way and idempotency is the caller's (a second link to the same claim
// is ErrAlreadyLinked, which the app may treat as success).
func (c *Claim) Link(other ID, by, note string) ([]any, error) {
	const op = "link"
	if err := other.Validate(); err != nil {
		return nil, c.fail(op, relabel(err, "claim_id", "other_claim_id"))
	}
	if other == c.id {
		return nil, c.fail(op, invalid("other_claim_id", "a claim cannot be linked to itself"))
	}
	if err := checkID("by", by); err != nil {
		return nil, c.fail(op, err)
	}
	if err := checkText("note", note, MaxNoteBytes, false); err != nil {
		return nil, c.fail(op, err)
	}
	if c.status == StatusDismissed || c.status == "" {
		return nil, c.fail(op, &TransitionError{Action: op, From: c.status})
	}
	if _, ok := c.links[other]; ok {
		return nil, c.fail(op, fmt.Errorf("%w to %s", ErrAlreadyLinked, other))
	}
	return []any{Linked{OtherClaimID: other, By: by, Note: note}}, nil
}

// relabel renames the field of a FieldError, for validators shared between
// fields.
func relabel(err error, from, to string) error {
	if fe, ok := err.(*FieldError); ok && fe.Field == from {
		return &FieldError{Field: to, Problem: fe.Problem}
	}
	return err
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }
