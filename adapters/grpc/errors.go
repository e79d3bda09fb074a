package grpcadapter

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/article"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// internalMessage is all a caller learns of a server fault; the error itself
// is logged with the method, so an operator can find it.
const internalMessage = "internal error"

// status maps err to the status the caller gets, logging server faults.
func (ic *interceptors) status(call *callInfo, err error) error {
	code, msg := classify(err)
	if code == codes.Internal {
		ic.log.Error("internal error", "method", call.method, "actor", call.actor,
			"request_id", call.requestID, "err", err)
	}
	// Messages quote what the caller sent; however much that was, the
	// answer stays short. A status decided already keeps its details (the
	// rate limit's RetryInfo).
	if s, ok := status.FromError(err); ok {
		p := s.Proto()
		p.Message = truncate(p.GetMessage(), maxMessageBytes)
		return status.FromProto(p).Err()
	}
	return status.Error(code, truncate(msg, maxMessageBytes))
}

// classify is the one place that decides which code an error gets and what
// the caller reads. A caller's mistake is never Internal; anything unknown
// is, with a message that says nothing of the server's insides.
func classify(err error) (codes.Code, string) {
	if s, ok := status.FromError(err); ok { // decided by the handler already
		return s.Code(), s.Message()
	}
	var conflict *events.ConcurrencyError
	var fault *events.Fault
	switch {
	case errors.Is(err, context.Canceled):
		return codes.Canceled, "call cancelled"
	case errors.Is(err, context.DeadlineExceeded):
		return codes.DeadlineExceeded, "deadline exceeded"

	case errors.Is(err, claim.ErrHistory), errors.Is(err, article.ErrHistory), errors.Is(err, reviewer.ErrHistory):
		return codes.Internal, internalMessage

	case errors.Is(err, claim.ErrInvalid), errors.Is(err, article.ErrInvalid),
		errors.Is(err, reviewer.ErrInvalid), errors.Is(err, app.ErrInvalid):
		return codes.InvalidArgument, fieldMessage(err)
	case errors.Is(err, events.ErrInvalidStreamID):
		return codes.InvalidArgument, "id: not a valid id"
	case errors.Is(err, events.ErrPayloadTooLarge):
		return codes.ResourceExhausted, "request too large to record"

	case errors.As(err, &conflict):
		return codes.Aborted, fmt.Sprintf("stale expected_version: %s is at version %d (reload and decide again)",
			conflict.StreamID, conflict.Current)
	case errors.Is(err, events.ErrConcurrency):
		return codes.Aborted, "stale expected_version (reload and decide again)"

	case errors.Is(err, app.ErrRequestReused), errors.Is(err, events.ErrIdempotencyConflict):
		return codes.AlreadyExists, "request_id: already used for a different request"
	case errors.Is(err, claim.ErrAlreadyLinked), errors.Is(err, reviewer.ErrTokenExists),
		errors.Is(err, app.ErrReviewerExists), errors.Is(err, app.ErrClaimExists):
		return codes.AlreadyExists, callerMessage(err)

	case errors.Is(err, claim.ErrIllegalTransition), errors.Is(err, claim.ErrAlreadyVoted),
		errors.Is(err, claim.ErrNoVote), errors.Is(err, reviewer.ErrTokenRevoked), errors.Is(err, app.ErrArticleFull),
		errors.Is(err, claim.ErrNoSuggestion):
		return codes.FailedPrecondition, callerMessage(err)

	case errors.Is(err, app.ErrNotFound), errors.Is(err, reviewer.ErrNotRegistered),
		errors.Is(err, reviewer.ErrUnknownToken):
		return codes.NotFound, callerMessage(err)

	case errors.As(err, &fault):
		return codes.FailedPrecondition, fmt.Sprintf("the ledger is read-only: its hash chain is broken at position %d (%s); "+
			"writes are refused until it is restored from a backup", fault.Position, fault.Reason)

	case errors.Is(err, app.ErrOutOfRange):
		return codes.OutOfRange, callerMessage(err)
	case errors.Is(err, app.ErrNotCaughtUp):
		return codes.Unavailable, "the views have not reached min_position yet; retry shortly"
	case errors.Is(err, events.ErrClosed):
		return codes.Unavailable, "server is shutting down"
	case errors.Is(err, events.ErrStorage):
		// Not the caller's fault, and not for good: the operator makes
		// room, health says SERVING again, and a retry with the same
		// request id records the write once.
		return codes.Unavailable, "the ledger cannot take writes now (the server's storage failed; its log says why); nothing was recorded, retry later with the same request_id"
	}
	return codes.Internal, internalMessage
}

// callerMessage is err's message, which the domain and app write for the
// caller ("claim x: settle: illegal transition: ..."). They hold ids the
// caller sent and states the caller may see, nothing of the server's.
func callerMessage(err error) string { return err.Error() }

// fieldMessage names every bad field in the wire's spelling, e.g.
// "evidence_urls[1]: not an absolute http(s) URL; reason: required".
func fieldMessage(err error) string {
	var parts []string
	walk(err, func(e error) {
		var field, problem string
		switch fe := e.(type) {
		case *claim.FieldError:
			field, problem = fe.Field, fe.Problem
		case *article.FieldError:
			field, problem = fe.Field, fe.Problem
		case *reviewer.FieldError:
			field, problem = fe.Field, fe.Problem
		default:
			return
		}
		parts = append(parts, wireField(field)+": "+problem)
	})
	if len(parts) == 0 {
		return err.Error()
	}
	return strings.Join(parts, "; ")
}

// wireField renames the domain's field names to the request's: a vote's
// fields are top-level fields of SubmitReviewRequest.
func wireField(f string) string {
	f = strings.TrimPrefix(f, "vote.")
	if rest, ok := strings.CutPrefix(f, "evidence"); ok {
		return "evidence_urls" + rest
	}
	return f
}

// walk calls fn on err and everything it wraps, joined errors included.
func walk(err error, fn func(error)) {
	if err == nil {
		return
	}
	fn(err)
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		walk(u.Unwrap(), fn)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			walk(e, fn)
		}
	}
}
