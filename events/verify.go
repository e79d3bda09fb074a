package events

import (
	"bytes"
	"fmt"
)

// Fault names the first place where the chain does not verify.
type Fault struct {
	Position uint64 `json:"position"`
	Reason   string `json:"reason"`
}

func (f *Fault) Error() string {
	return fmt.Sprintf("events: hash chain broken at position %d: %s", f.Position, f.Reason)
}

// Is makes errors.Is(fault, ErrTampered) true.
func (f *Fault) Is(target error) bool { return target == ErrTampered }

// VerifyReport is the outcome of verifying a range of the log.
type VerifyReport struct {
	From    uint64 `json:"from"`
	To      uint64 `json:"to"`
	Checked uint64 `json:"checked"`
	// Fault is nil when every event in the range verified.
	Fault *Fault `json:"fault,omitempty"`
}

// OK reports whether the range verified.
func (r VerifyReport) OK() bool { return r.Fault == nil }

// Verifier checks consecutive envelopes of the global log. Feed it events in
// the order the store returns them by position; it stops at the first fault.
type Verifier struct {
	next   uint64 // position expected next
	prev   []byte // hash of the previous event, nil when unknown
	hasher chainHasher
	report VerifyReport
}

// NewVerifier starts verification at position from. prev is the hash of the
// event at from-1 (GenesisHash when from is 1), or nil to trust the first
// event's prev_hash.
func NewVerifier(from uint64, prev []byte) *Verifier {
	if from == 0 {
		from = 1
	}
	if from == 1 && prev == nil {
		prev = GenesisHash
	}
	return &Verifier{next: from, prev: prev, report: VerifyReport{From: from}}
}

// Add checks e and returns the fault, if any. After a fault Add does nothing.
func (v *Verifier) Add(e *Envelope) *Fault {
	if v.report.Fault != nil {
		return v.report.Fault
	}
	switch {
	case e.Position < v.next:
		return v.fail(e.Position, "position repeated or out of order")
	case e.Position > v.next:
		return v.fail(v.next, fmt.Sprintf("event missing: next stored position is %d", e.Position))
	case v.prev != nil && !bytes.Equal(e.PrevHash, v.prev):
		return v.fail(e.Position, "prev_hash does not match the previous event's hash (event inserted, deleted or reordered)")
	}
	if !bytes.Equal(v.hasher.sum(e), e.Hash) {
		return v.fail(e.Position, "stored hash does not match the event's content (event changed)")
	}
	v.prev = e.Hash
	v.next++
	v.report.Checked++
	v.report.To = e.Position
	return nil
}

// Finish checks that the log ends where its recorded head says, so that a
// deleted tail is found too. headPos and headHash are the store's separately
// recorded head; pass headPos 0 to skip the check.
func (v *Verifier) Finish(headPos uint64, headHash []byte) VerifyReport {
	if v.report.Fault == nil && headPos != 0 {
		switch {
		case v.next-1 < headPos:
			v.fail(v.next, fmt.Sprintf("event missing: the recorded head is position %d", headPos))
		case v.next-1 > headPos:
			v.fail(headPos+1, fmt.Sprintf("event beyond the recorded head at position %d", headPos))
		case !bytes.Equal(v.prev, headHash):
			v.fail(headPos, "hash does not match the recorded head")
		}
	}
	return v.report
}

// Report is the state so far.
func (v *Verifier) Report() VerifyReport { return v.report }

func (v *Verifier) fail(pos uint64, reason string) *Fault {
	v.report.Fault = &Fault{Position: pos, Reason: reason}
	return v.report.Fault
}
