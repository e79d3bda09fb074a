package app

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"

	"github.com/claimledger/claimledger/events"
)

// CheckpointReport is what VerifyCheckpoints found.
type CheckpointReport struct {
	// Checked counts the checkpoints that verified.
	Checked uint64
	// LastSigned is the highest position a verified checkpoint signed.
	LastSigned uint64
	// Fault is the first checkpoint that did not verify (its event's
	// position), or none signed by the key at all; nil when all held.
	Fault *events.Fault
}

// OK reports whether every checkpoint verified and there was at least one.
func (r CheckpointReport) OK() bool { return r.Fault == nil }

// VerifyCheckpoints checks every checkpoint event in positions from..to
// (0: the head) against pub and against the log's hash at the position it
// signed. With Verify it proves the chain up to LastSigned is the one the
// key's holder signed, even if someone rewrote it and recomputed every
// hash. A range without a single checkpoint of pub is a fault: the auditor
// asked for signatures, and there are none to show (deleted, or never made).
func (q *Queries) VerifyCheckpoints(ctx context.Context, pub ed25519.PublicKey, from, to uint64) (CheckpointReport, error) {
	var rep CheckpointReport
	head, _, err := q.store.Head(ctx)
	if err != nil {
		return rep, err
	}
	if from > head+1 {
		return rep, fmt.Errorf("%w: from %d, the log ends at %d", ErrOutOfRange, from, head)
	}
	if to == 0 || to > head {
		to = head
	}
	after := max(from, 1) - 1
	for after < to {
		page, err := q.store.ReadAll(ctx, after, events.DefaultPageSize)
		if err != nil {
			return rep, err
		}
		if len(page) == 0 {
			break
		}
		for i := range page {
			e := &page[i]
			if e.Position > to {
				break
			}
			if e.Type != events.TypeCheckpointSigned {
				continue
			}
			if err := q.checkCheckpoint(ctx, pub, e, &rep); err != nil {
				rep.Fault = &events.Fault{Position: e.Position, Reason: err.Error()}
				return rep, nil
			}
		}
		after = page[len(page)-1].Position
	}
	if rep.Checked == 0 {
		rep.Fault = &events.Fault{Position: max(from, 1), Reason: fmt.Sprintf("no checkpoint signed by this key in positions %d..%d", max(from, 1), to)}
	}
	return rep, nil
}

// checkCheckpoint verifies the checkpoint recorded by e.
func (q *Queries) checkCheckpoint(ctx context.Context, pub ed25519.PublicKey, e *events.Envelope, rep *CheckpointReport) error {
	var cp events.Checkpoint
	if err := json.Unmarshal(e.Payload, &cp); err != nil {
		return fmt.Errorf("checkpoint: malformed payload: %w", err)
	}
	if cp.Position == 0 || cp.Position >= e.Position {
		return fmt.Errorf("%w: signs position %d, not before its own", events.ErrCheckpoint, cp.Position)
	}
	signed, err := q.store.ReadAll(ctx, cp.Position-1, 1)
	if err != nil {
		return err
	}
	if len(signed) != 1 || signed[0].Position != cp.Position {
		return fmt.Errorf("%w: position %d is missing", events.ErrCheckpoint, cp.Position)
	}
	if err := cp.Verify(pub, signed[0].Hash); err != nil {
		return err
	}
	rep.Checked++
	rep.LastSigned = max(rep.LastSigned, cp.Position)
	return nil
}
