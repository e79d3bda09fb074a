package reviewer

import (
	"errors"
	"fmt"
)

// Families of errors; every error a decide function returns is in exactly
// one. For the gRPC adapter: ErrInvalid is InvalidArgument; ErrNotRegistered
// and ErrUnknownToken are NotFound; ErrTokenRevoked is FailedPrecondition;
// ErrTokenExists is AlreadyExists.
var (
	ErrInvalid       = errors.New("invalid argument")
	ErrNotRegistered = errors.New("reviewer not registered")
	ErrUnknownToken  = errors.New("unknown token")
	ErrTokenRevoked  = errors.New("token already revoked")
	ErrTokenExists   = errors.New("token already issued")

	// ErrHistory reports a stream Apply cannot fold; only FromHistory and
	// Apply return it, and it is never the caller's fault.
	ErrHistory = errors.New("inconsistent reviewer history")
)

// FieldError is bad input, named by its field in the wire's snake_case.
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
