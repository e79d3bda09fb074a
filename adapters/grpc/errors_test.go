package grpcadapter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/article"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestClassify is the error mapping table: one error of each family, wrapped
// the way the app wraps them, and the code and message the caller gets.
func TestClassify(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("claim abc-01: settle: %w", err) }
	cases := []struct {
		name    string
		err     error
		code    codes.Code
		message string // a part of the message
	}{
		{"claim field", wrap(&claim.FieldError{Field: "vote.reason", Problem: "required for a dispute"}), codes.InvalidArgument, "reason: required for a dispute"},
		{"claim evidence", wrap(errors.Join(&claim.FieldError{Field: "vote.evidence[1]", Problem: "not an absolute http(s) URL"},
			&claim.FieldError{Field: "vote.note", Problem: "too long"})), codes.InvalidArgument, "evidence_urls[1]: not an absolute http(s) URL; note: too long"},
		{"claim invalid", claim.ErrInvalid, codes.InvalidArgument, "invalid"},
		{"article field", &article.FieldError{Field: "published", Problem: `"2 March" is not a date`}, codes.InvalidArgument, "published: "},
		{"reviewer field", &reviewer.FieldError{Field: "name", Problem: "required"}, codes.InvalidArgument, "name: required"},
		{"app invalid", fmt.Errorf("%w: page", app.ErrInvalid), codes.InvalidArgument, "page"},
		{"stream id", fmt.Errorf("append: %w", events.ErrInvalidStreamID), codes.InvalidArgument, "id"},
		{"illegal transition", wrap(&claim.TransitionError{Action: "settle", From: claim.StatusExtracted}), codes.FailedPrecondition, "settle is not allowed while the claim is extracted"},
		{"already voted", wrap(fmt.Errorf("%w: rita has a live vote", claim.ErrAlreadyVoted)), codes.FailedPrecondition, "rita has a live vote"},
		{"no vote", wrap(claim.ErrNoVote), codes.FailedPrecondition, "no live vote"},
		{"token revoked", reviewer.ErrTokenRevoked, codes.FailedPrecondition, "revoked"},
		{"article full", wrap(fmt.Errorf("%w: article a-1 would hold 10001 claims, at most 10000", app.ErrArticleFull)),
			codes.FailedPrecondition, "would hold 10001 claims"},
		{"already linked", wrap(claim.ErrAlreadyLinked), codes.AlreadyExists, "already linked"},
		{"token exists", reviewer.ErrTokenExists, codes.AlreadyExists, "token"},
		{"reviewer exists", fmt.Errorf("%w: rita", app.ErrReviewerExists), codes.AlreadyExists, "rita"},
		{"request reused", fmt.Errorf("%w: %w", app.ErrRequestReused, events.ErrIdempotencyConflict), codes.AlreadyExists, "request_id"},
		{"idempotency conflict", events.ErrIdempotencyConflict, codes.AlreadyExists, "request_id"},
		{"not found", &app.NotFoundError{Kind: "claim", ID: "abc-09"}, codes.NotFound, "claim abc-09 not found"},
		{"not registered", reviewer.ErrNotRegistered, codes.NotFound, "not registered"},
		{"unknown token", reviewer.ErrUnknownToken, codes.NotFound, "unknown token"},
		{"stale version", &events.ConcurrencyError{StreamID: "claim-abc-01", Expected: events.Exact(3), Current: 5}, codes.Aborted, "at version 5"},
		{"not caught up", fmt.Errorf("%w: at 3 of 9", app.ErrNotCaughtUp), codes.Unavailable, "min_position"},
		{"payload too large", events.ErrPayloadTooLarge, codes.ResourceExhausted, "too large"},
		{"closed", events.ErrClosed, codes.Unavailable, "shutting down"},
		{"storage", fmt.Errorf("%w: insert event 7 (claim-x v1) into /var/lib/x.db: database or disk is full", events.ErrStorage),
			codes.Unavailable, "nothing was recorded, retry later"},
		{"broken chain", fmt.Errorf("append: the log is read-only: %w", &events.Fault{Position: 42, Reason: "event changed"}),
			codes.FailedPrecondition, "hash chain is broken at position 42 (event changed); writes are refused"},
		{"cancelled", fmt.Errorf("read: %w", context.Canceled), codes.Canceled, "cancel"},
		{"deadline", fmt.Errorf("read: %w", context.DeadlineExceeded), codes.DeadlineExceeded, "deadline"},
		{"claim history", fmt.Errorf("%w: status change from extracted at /var/lib/x.db", claim.ErrHistory), codes.Internal, "internal error"},
		{"article history", article.ErrHistory, codes.Internal, "internal error"},
		{"reviewer history", reviewer.ErrHistory, codes.Internal, "internal error"},
		{"unknown", errors.New("sqlite: disk I/O error at /var/lib/claimledger.db"), codes.Internal, "internal error"},
		{"a status already", status.Error(codes.NotFound, "token t1 not found"), codes.NotFound, "token t1 not found"},
	}
	for _, c := range cases {
		code, msg := classify(c.err)
		if code != c.code || !strings.Contains(msg, c.message) {
			t.Errorf("%s: classify(%v) = %v %q, want %v containing %q", c.name, c.err, code, msg, c.code, c.message)
		}
		if code == codes.Internal && msg != internalMessage {
			t.Errorf("%s: an internal error says %q, which may leak internals", c.name, msg)
		}
	}
}
