package events

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// MaxStreamIDLen bounds stream ids so that keys stay small in every index.
const MaxStreamIDLen = 256

// ValidateStreamID accepts printable ASCII ids without spaces, such as
// "claim-01JD…", up to MaxStreamIDLen bytes.
func ValidateStreamID(id string) error {
	if id == "" {
		return fmt.Errorf("%w: empty", ErrInvalidStreamID)
	}
	if len(id) > MaxStreamIDLen {
		return fmt.Errorf("%w: %d bytes, the limit is %d", ErrInvalidStreamID, len(id), MaxStreamIDLen)
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c > '~' {
			return fmt.Errorf("%w: %q has byte %#02x at %d (printable ASCII without spaces only)", ErrInvalidStreamID, id, c, i)
		}
	}
	return nil
}

// Validate checks an append request against the payload limit before any
// storage work, so a bad request costs nothing and changes nothing.
func (r *AppendRequest) Validate(maxPayload int) error {
	if err := ValidateStreamID(r.StreamID); err != nil {
		return err
	}
	if r.Topic != "" {
		if err := ValidateStreamID(r.Topic); err != nil {
			return fmt.Errorf("%w: topic: %w", ErrInvalidEvent, err)
		}
	}
	if r.Expected < Any {
		return fmt.Errorf("%w: expected version %d", ErrInvalidEvent, int64(r.Expected))
	}
	if len(r.Events) == 0 {
		return fmt.Errorf("%w: no events to append", ErrInvalidEvent)
	}
	seen := make(map[string]bool, len(r.Events))
	for i := range r.Events {
		e := &r.Events[i]
		if e.Type == "" || !utf8.ValidString(e.Type) || len(e.Type) > 128 {
			return fmt.Errorf("%w: event %d: type must be 1-128 bytes of UTF-8", ErrInvalidEvent, i)
		}
		if e.SchemaVersion < 0 {
			return fmt.Errorf("%w: event %d: schema version %d", ErrInvalidEvent, i, e.SchemaVersion)
		}
		if len(e.Payload) > maxPayload {
			return fmt.Errorf("%w: event %d is %d bytes, the limit is %d", ErrPayloadTooLarge, i, len(e.Payload), maxPayload)
		}
		if !json.Valid(e.Payload) {
			return fmt.Errorf("%w: event %d: payload is not valid JSON", ErrInvalidEvent, i)
		}
		if e.EventID != "" {
			if seen[e.EventID] {
				return fmt.Errorf("%w: event id %q appears twice in one append", ErrInvalidEvent, e.EventID)
			}
			seen[e.EventID] = true
		}
	}
	return nil
}
