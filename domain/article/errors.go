package article

import (
	"errors"
	"fmt"
)

// ErrInvalid is the family of bad-input errors (gRPC InvalidArgument). Every
// error Ingest returns is in it.
var ErrInvalid = errors.New("invalid argument")

// ErrHistory reports a stream Apply cannot fold; only FromHistory and Apply
// return it, and it is never the caller's fault.
var ErrHistory = errors.New("inconsistent article history")

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
