package claim

import (
	"errors"
	"fmt"
)

// Families of errors. Every error a decide function returns matches exactly
// one of them with errors.Is, which is all the gRPC adapter needs: ErrInvalid
// is InvalidArgument; ErrIllegalTransition, ErrAlreadyVoted and ErrNoVote are
// FailedPrecondition; ErrAlreadyLinked is AlreadyExists.
var (
	ErrInvalid           = errors.New("invalid argument")
	ErrIllegalTransition = errors.New("illegal transition")
	ErrAlreadyVoted      = errors.New("already voted")
	ErrNoVote            = errors.New("no live vote")
	ErrAlreadyLinked     = errors.New("already linked")
	// ErrNoSuggestion: accepting or rejecting a match that was never
	// suggested, or was decided already; FailedPrecondition.
	ErrNoSuggestion = errors.New("no pending suggested match")

	// ErrHistory reports a stream Apply cannot fold (an event out of place,
	// a status change from a status the claim is not in). Only FromHistory
	// and Apply return it; it means the log or the code is broken, so it is
	// an internal error, not the caller's.
	ErrHistory = errors.New("inconsistent claim history")
)

// ErrReasonRequired is returned (wrapped) by Reopen and Dismiss without a
// reason: both undo or bypass the reviewers' work, so the log must say why.
var ErrReasonRequired error = &FieldError{Field: "reason", Problem: "required"}

// FieldError is bad input, named by the field it is in (in the wire's
// snake_case, e.g. "vote.reason") so a client can point at it.
type FieldError struct {
	Field   string
	Problem string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// Is puts every FieldError in the ErrInvalid family.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// TransitionError is an action the claim's current status does not allow.
type TransitionError struct {
	Action string // "submit review", "settle", ...
	From   Status
}

func (e *TransitionError) Error() string {
	msg := fmt.Sprintf("illegal transition: %s is not allowed while the claim is %s", e.Action, e.From)
	if e.From == "" {
		msg = fmt.Sprintf("illegal transition: %s is not allowed on a claim that was never extracted", e.Action)
	}
	switch {
	case e.From == StatusContested:
		msg += " (an editor settles it)"
	case e.From.Final():
		msg += " (reopen it first)"
	}
	return msg
}

// Is puts every TransitionError in the ErrIllegalTransition family.
func (e *TransitionError) Is(target error) bool { return target == ErrIllegalTransition }

// fail gives an error the claim and the operation it came from, upspin-style,
// so a message read in a log on its own still says where it happened.
func (c *Claim) fail(op string, err error) error {
	if c.id == "" {
		return fmt.Errorf("claim: %s: %w", op, err)
	}
	return fmt.Errorf("claim %s: %s: %w", c.id, op, err)
}

// illegal is the TransitionError for op unless the current status is one of allowed.
func (c *Claim) illegal(op string, allowed ...Status) error {
	for _, s := range allowed {
		if c.status == s {
			return nil
		}
	}
	return &TransitionError{Action: op, From: c.status}
}

func alreadyVoted(reviewer string) error {
	return fmt.Errorf("%w: %s has a live vote (retract it to vote again)", ErrAlreadyVoted, reviewer)
}

func noVote(reviewer string) error { return fmt.Errorf("%w from %s", ErrNoVote, reviewer) }
