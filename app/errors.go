package app

import "errors"

// Errors of the application layer. The domain packages' own error families
// (claim.ErrInvalid, claim.ErrIllegalTransition, …) pass through unchanged,
// as do the events port's (events.ErrConcurrency, …).
var (
	// ErrNotFound: no such article, claim or reviewer.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: a request the domain never sees is malformed.
	ErrInvalid = errors.New("invalid argument")
	// ErrOutOfRange: a position beyond the end of the log.
	ErrOutOfRange = errors.New("position beyond the end of the log")
	// ErrNotCaughtUp: the views did not reach the requested position in time.
	ErrNotCaughtUp = errors.New("views have not caught up with the requested position")
	// ErrRequestReused: a request id was used before for another request.
	ErrRequestReused = errors.New("request id already used for a different request")
	// ErrClaimExists: a live claim of the article has this span and kind.
	ErrClaimExists = errors.New("claim already exists")
	// ErrArticleFull: the article holds the most claims one may
	// (article.MaxClaims); no claim is added to it, by hand or re-extraction.
	ErrArticleFull = errors.New("article holds the most claims it may")
)

// NotFoundError names what was not found; errors.Is(err, ErrNotFound).
type NotFoundError struct{ Kind, ID string }

func (e *NotFoundError) Error() string        { return e.Kind + " " + e.ID + " not found" }
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

func notFound(kind, id string) error { return &NotFoundError{Kind: kind, ID: id} }
