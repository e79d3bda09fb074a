package events

import (
	"errors"
	"fmt"
)

// Sentinel errors. Adapters wrap them so callers can use errors.Is.
var (
	// ErrConcurrency: the stream is not at the expected version.
	ErrConcurrency = errors.New("events: wrong expected version")
	// ErrIdempotencyConflict: an event id or request id was already used
	// for different content.
	ErrIdempotencyConflict = errors.New("events: idempotency key reused with different content")
	ErrInvalidStreamID     = errors.New("events: invalid stream id")
	ErrInvalidEvent        = errors.New("events: invalid event")
	ErrPayloadTooLarge     = errors.New("events: payload too large")
	ErrUnknownEventType    = errors.New("events: unknown event type")
	ErrUnknownSchema       = errors.New("events: unknown schema version")
	// ErrLocked: another process holds the store for writing.
	ErrLocked = errors.New("events: store is locked by another writer")
	// ErrNotAStore: the file is not a database, or not an event store.
	ErrNotAStore = errors.New("events: file is not an event store")
	ErrClosed    = errors.New("events: store is closed")
	// ErrStorage: the store's storage refused the write (a full disk, an
	// I/O error, the file locked by another process). Nothing of the
	// write was recorded; the same request may be retried once the storage
	// recovers.
	ErrStorage = errors.New("events: storage cannot take writes")
	// ErrTampered: the hash chain does not verify.
	ErrTampered = errors.New("events: hash chain broken")
	// ErrNotEmpty: import needs a store that ends where the import begins.
	ErrNotEmpty = errors.New("events: store does not continue at the imported position")
)

// ConcurrencyError carries the stream's version at the time of the conflict,
// so a caller can reload and decide again.
type ConcurrencyError struct {
	StreamID string
	Expected ExpectedVersion
	Current  uint64
}

func (e *ConcurrencyError) Error() string {
	return fmt.Sprintf("events: stream %q is at version %d, expected %s", e.StreamID, e.Current, e.Expected)
}

// Is makes errors.Is(err, ErrConcurrency) true.
func (e *ConcurrencyError) Is(target error) bool { return target == ErrConcurrency }
