package events

import "context"

// Store is the event log port. Every adapter passes events/storetest.
//
// All methods must be safe for concurrent use. Positions are global,
// gap-free and commit-ordered, starting at 1; stream versions are dense,
// starting at 1.
type Store interface {
	// Append records all of req.Events or none. It returns a
	// *ConcurrencyError (errors.Is ErrConcurrency) when the stream is not at
	// req.Expected. A retry of an append already recorded, recognised by
	// its event ids or its request id, returns the first result with
	// Replayed set and writes nothing; the same key with other content is
	// ErrIdempotencyConflict. Append returns only once the events are
	// durable under the store's durability profile.
	Append(ctx context.Context, req AppendRequest) (AppendResult, error)

	// ReadStream reads one stream's events by version.
	ReadStream(ctx context.Context, streamID string, opts ReadStreamOptions) ([]Envelope, error)

	// ReadAll reads the global log: events with position > after, in
	// position order, at most limit of them (limit <= 0 means a default page).
	ReadAll(ctx context.Context, after uint64, limit int) ([]Envelope, error)

	// Subscribe delivers every event with position > after, in position
	// order, first those already stored, then new ones as they commit. It
	// never skips an event. The subscription ends when ctx is done, when
	// Close is called, or on error (see Subscription.Err).
	Subscribe(ctx context.Context, after uint64) (Subscription, error)

	// Head returns the position and hash of the last event (0 and
	// GenesisHash for an empty log).
	Head(ctx context.Context) (uint64, []byte, error)

	// Verify checks the hash chain over positions from..to (to 0 means the
	// head), naming the first bad position and why.
	Verify(ctx context.Context, from, to uint64) (VerifyReport, error)

	// Import appends already-sealed envelopes verbatim (ids, versions,
	// positions, times and hashes). The first must continue the store's log
	// and the chain must verify, or nothing is imported.
	Import(ctx context.Context, envs []Envelope) error

	// Close releases the store; acknowledged appends are durable before it
	// returns.
	Close() error
}

// ReadStreamOptions pages through a stream.
type ReadStreamOptions struct {
	// From is the first version to return: forward, 0 means 1; backward,
	// 0 means the last version.
	From uint64
	// Backward reads from newest to oldest.
	Backward bool
	// Limit caps the page (<= 0 means a default page).
	Limit int
}

// DefaultPageSize is the page used when a read asks for no limit.
const DefaultPageSize = 1000

// Subscription is a live feed of the global log.
type Subscription interface {
	// Events is closed when the subscription ends.
	Events() <-chan Envelope
	// Err is why the subscription ended: nil after Close or when the
	// context was cancelled.
	Err() error
	// Close ends the subscription and waits for its goroutine.
	Close() error
}

// MultiAppender is implemented by stores that can record appends to several
// streams as one: an ingest records an article and each of its claims on
// streams of their own, and must never leave some of them recorded without
// the others.
type MultiAppender interface {
	// AppendAll records every request, in order, or none of them. Each is
	// checked as Append checks it (expected version, event ids, request
	// id), seeing the streams as the requests before it left them; the
	// first that fails fails them all, with its error, and nothing is
	// written. The events written get consecutive positions. It returns
	// one result per request.
	AppendAll(ctx context.Context, reqs []AppendRequest) ([]AppendResult, error)
}

// RequestFinder is implemented by stores that can tell whether a request id
// was already recorded, so that a command handler can answer a retried
// request with its first result even when deciding it again would fail (the
// first attempt's vote is already there).
type RequestFinder interface {
	// FindRequest returns the result of the append recorded under
	// requestID, with Replayed set, and false when there is none.
	FindRequest(ctx context.Context, requestID string) (AppendResult, bool, error)
}
