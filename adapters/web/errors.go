package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/article"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
)

// classify decides the status and message a failed request shows, as the
// gRPC adapter's classify decides codes: a reader's mistake is never a
// server error, and a server error says nothing of the server's insides.
func classify(err error) (int, string) {
	var conflict *events.ConcurrencyError
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the request was cut short; try again"
	case errors.Is(err, claim.ErrHistory), errors.Is(err, article.ErrHistory), errors.Is(err, reviewer.ErrHistory):
		return http.StatusInternalServerError, "internal error"
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("the form is larger than %d bytes", tooBig.Limit)
	case errors.Is(err, claim.ErrInvalid), errors.Is(err, article.ErrInvalid),
		errors.Is(err, reviewer.ErrInvalid), errors.Is(err, app.ErrInvalid), errors.Is(err, events.ErrInvalidStreamID):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, events.ErrPayloadTooLarge):
		return http.StatusRequestEntityTooLarge, "too large to record"
	case errors.As(err, &conflict), errors.Is(err, events.ErrConcurrency):
		return http.StatusConflict, "this claim moved on while you read it: nothing was recorded. Its fresh state is below; decide again."
	case errors.Is(err, app.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, claim.ErrIllegalTransition), errors.Is(err, claim.ErrAlreadyVoted), errors.Is(err, claim.ErrNoVote),
		errors.Is(err, reviewer.ErrTokenRevoked), errors.Is(err, app.ErrArticleFull), errors.Is(err, claim.ErrAlreadyLinked),
		errors.Is(err, app.ErrRequestReused), errors.Is(err, events.ErrIdempotencyConflict),
		errors.Is(err, app.ErrReviewerExists), errors.Is(err, app.ErrClaimExists):
		return http.StatusConflict, err.Error()
	case errors.Is(err, app.ErrNotCaughtUp), errors.Is(err, app.ErrOutOfRange):
		return http.StatusServiceUnavailable, "the views are catching up; reload in a moment"
	}
	return http.StatusInternalServerError, "internal error"
}
