// Package domain holds ClaimLedger's business rules, and nothing else.
//
// Each aggregate is a package of its own:
//
//   - claim: one checkable statement and its review workflow (votes, the
//     quorum Policy, contested claims, editorial reopen, dismiss, settle,
//     links between claims);
//   - article: the text claims are extracted from, written once;
//   - reviewer: people, their roles and what each role may do, and their
//     bearer tokens (by hash);
//   - extract: deterministic claim extraction and consistency checks, used
//     by claimsd on ingestion and by claimctl offline.
//
// The aggregates share one shape. Events are plain structs with JSON tags
// and an EventType method; Events() lists them so the app can register them
// with the event log. Decide functions (claim.Extract, (*claim.Claim).SubmitReview,
// article.Ingest, reviewer.Register, ...) validate input against the current
// state and return new events without changing anything; the app appends
// them at the expected version and then calls Apply, which is also what
// FromHistory folds a stream with. Errors are sentinel families (ErrInvalid,
// ErrIllegalTransition, ...) that the gRPC adapter maps to status codes.
//
// The packages here import the standard library and each other, nothing
// else: deps_test.go enforces it with go list. That keeps the rules
// testable in microseconds and free of the transport and the store, which
// may change under them (SQLite today, Postgres later).
package domain
