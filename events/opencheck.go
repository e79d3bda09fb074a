package events

import (
	"bytes"
	"context"
	"fmt"
)

// HashReader is implemented by stores that can read one event's stored
// hash without reading the event.
type HashReader interface {
	// HashAt returns the stored hash of the event at position, and false
	// when there is none. Position 0 is the start of the log, GenesisHash.
	HashAt(ctx context.Context, position uint64) ([]byte, bool, error)
}

// VerifySince is the check a store runs when it opens: it verifies the
// events after pos, whose hash an earlier open recorded as verified, so a
// restart reads only what was appended since. It walks the whole chain
// instead when whole is set (the store saw its protection change) or when
// the event at pos no longer has that hash; if such a walk finds no fault,
// the rewrite it missed is named at pos (the events up to it were
// rewritten and resealed) or just after the log's end (the log lost
// events it had when pos was verified).
//
// The record bounds the work, not the trust: whoever can rewrite the
// events can rewrite the record too. Signed checkpoints are the defence
// against that (checkpoint.go).
func VerifySince(ctx context.Context, s interface {
	Store
	HashReader
}, pos uint64, hash []byte, whole bool) (VerifyReport, error) {
	if pos == 0 {
		return s.Verify(ctx, 1, 0)
	}
	stored, found, err := s.HashAt(ctx, pos)
	if err != nil {
		return VerifyReport{}, fmt.Errorf("read position %d: %w", pos, err)
	}
	same := found && bytes.Equal(stored, hash)
	if same && !whole {
		return s.Verify(ctx, pos+1, 0)
	}
	rep, verr := s.Verify(ctx, 1, 0)
	switch {
	case verr != nil || !rep.OK() || same:
		return rep, verr
	case !found:
		rep.Fault = &Fault{Position: rep.To + 1,
			Reason: fmt.Sprintf("event missing: the log was verified up to position %d at an earlier start", pos)}
	default:
		rep.Fault = &Fault{Position: pos,
			Reason: "hash differs from the one verified at an earlier start (the events up to here were rewritten)"}
	}
	return rep, nil
}
