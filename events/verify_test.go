package events

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// sealedLog returns n envelopes at positions 1..n, sealed on one chain.
func sealedLog(n int) []Envelope {
	c := NewChain(GenesisHash)
	t0 := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)
	out := make([]Envelope, n)
	for i := range out {
		out[i] = Envelope{
			Position: uint64(i + 1), StreamID: fmt.Sprint("claim-", i%3), Topic: "claim", Version: uint64(i/3 + 1),
			EventID: NewEventID(), Type: "claim.extracted", SchemaVersion: 1,
			Payload: []byte(fmt.Sprintf(`{"n":%d}`, i)), RecordedAt: t0.Add(time.Duration(i) * time.Millisecond),
		}
		c.Seal(&out[i])
	}
	return out
}

// verify feeds es to a fresh verifier and finishes against head.
func verify(es []Envelope, headPos uint64, headHash []byte) VerifyReport {
	v := NewVerifier(1, nil)
	for i := range es {
		if v.Add(&es[i]) != nil {
			break
		}
	}
	return v.Finish(headPos, headHash)
}

func TestVerifier_acceptsIntactLog(t *testing.T) {
	log := sealedLog(10)
	rep := verify(log, 10, log[9].Hash)
	if !rep.OK() || rep.Checked != 10 || rep.From != 1 || rep.To != 10 {
		t.Fatalf("report %+v, want OK from 1 to 10 with 10 checked", rep)
	}
}

// Each tampering is made at position 5 of a 10-event log; the head is the
// one recorded apart from the rows.
func TestVerifier_namesTamperedPosition(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(es []Envelope) []Envelope
		want   uint64
	}{
		{"findsChangedEvent", func(es []Envelope) []Envelope { es[4].Payload = []byte(`{"n":999}`); return es }, 5},
		{"findsChangedMetadata", func(es []Envelope) []Envelope { es[4].Actor = "mallory"; return es }, 5},
		{"findsChangedTopic", func(es []Envelope) []Envelope { es[4].Topic = "other"; return es }, 5},
		{"findsChangedTime", func(es []Envelope) []Envelope { es[4].RecordedAt = es[4].RecordedAt.Add(time.Nanosecond); return es }, 5},
		{"findsDeletedEvent", func(es []Envelope) []Envelope { return slices.Delete(es, 4, 5) }, 5},
		{"findsDeletedEventWithLaterRowsRenumbered", func(es []Envelope) []Envelope {
			es = slices.Delete(es, 4, 5)
			for i := 4; i < len(es); i++ {
				es[i].Position--
			}
			return es
		}, 5},
		{"findsInsertedEvent", func(es []Envelope) []Envelope {
			forged := es[4]
			forged.EventID, forged.Payload = NewEventID(), []byte(`{"forged":true}`) // hash left as it was
			return shiftInsert(es, 5, forged)
		}, 6},
		{"findsInsertedEventSealedOnTheChain", func(es []Envelope) []Envelope {
			// A forger who recomputes the forged row's hash: the prefix up
			// to the forged row is a valid chain, so the first broken link
			// is the genuine event after it.
			forged := Envelope{Position: 6, StreamID: "claim-x", Topic: "claim", Version: 1, EventID: NewEventID(),
				Type: "claim.extracted", SchemaVersion: 1, Payload: []byte(`{}`), RecordedAt: es[4].RecordedAt}
			NewChain(es[4].Hash).Seal(&forged)
			return shiftInsert(es, 5, forged)
		}, 7},
		{"findsReorderedEvent", func(es []Envelope) []Envelope {
			// Swap the contents of positions 5 and 6, keeping the positions.
			es[4], es[5] = es[5], es[4]
			es[4].Position, es[5].Position = 5, 6
			return es
		}, 5},
		{"findsReorderedRows", func(es []Envelope) []Envelope { es[4], es[5] = es[5], es[4]; return es }, 5},
		{"findsChangedHash", func(es []Envelope) []Envelope { es[4].Hash[0] ^= 1; return es }, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := sealedLog(10)
			head := log[9].Hash
			rep := verify(tt.tamper(log), 10, head)
			if rep.OK() {
				t.Fatalf("verified OK after tampering: %+v", rep)
			}
			if rep.Fault.Position != tt.want {
				t.Errorf("fault at position %d (%s), want %d", rep.Fault.Position, rep.Fault.Reason, tt.want)
			}
			if !errors.Is(rep.Fault, ErrTampered) {
				t.Errorf("fault %v is not errors.Is ErrTampered", rep.Fault)
			}
			if rep.Checked != tt.want-1 {
				t.Errorf("Checked = %d, want the %d events before the fault", rep.Checked, tt.want-1)
			}
		})
	}
}

// shiftInsert puts forged at position pos+1 and moves the rows after it up
// by one, keeping their stored hashes.
func shiftInsert(es []Envelope, pos int, forged Envelope) []Envelope {
	es = slices.Insert(es, pos, forged)
	for i := pos; i < len(es); i++ {
		es[i].Position = uint64(i + 1)
	}
	return es
}

func TestVerifier_findsTailChangesAgainstRecordedHead(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(es []Envelope) []Envelope
		headPos uint64
		want    uint64
	}{
		{"findsDeletedLastEvent", func(es []Envelope) []Envelope { return es[:9] }, 10, 10},
		{"findsEventBeyondHead", func(es []Envelope) []Envelope { return es }, 9, 10},
		{"findsRewrittenLastEvent", func(es []Envelope) []Envelope {
			es[9].Payload = []byte(`{"rewritten":true}`)
			NewChain(es[8].Hash).Seal(&es[9]) // consistent chain, but not the recorded head
			return es
		}, 10, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := sealedLog(10)
			head := append([]byte(nil), log[tt.headPos-1].Hash...)
			rep := verify(tt.tamper(log), tt.headPos, head)
			if rep.OK() || rep.Fault.Position != tt.want {
				t.Fatalf("report %+v, want a fault at position %d", rep, tt.want)
			}
		})
	}
}

func TestVerifier_checksARangeFromTheMiddle(t *testing.T) {
	log := sealedLog(10)
	v := NewVerifier(4, log[2].Hash)
	for i := 3; i < 7; i++ {
		if f := v.Add(&log[i]); f != nil {
			t.Fatalf("position %d: %v", i+1, f)
		}
	}
	if rep := v.Finish(0, nil); !rep.OK() || rep.From != 4 || rep.To != 7 || rep.Checked != 4 {
		t.Errorf("report %+v, want OK 4..7 with 4 checked", rep)
	}

	trusting := NewVerifier(4, nil) // nil trusts the first event's prev_hash
	if f := trusting.Add(&log[3]); f != nil {
		t.Errorf("trusting verifier: %v", f)
	}

	wrongPrev := NewVerifier(4, log[1].Hash)
	if f := wrongPrev.Add(&log[3]); f == nil || f.Position != 4 {
		t.Errorf("verifier given the wrong previous hash: fault %v, want one at position 4", f)
	}
}

func TestVerifier_stopsAtFirstFault(t *testing.T) {
	log := sealedLog(6)
	log[2].Payload, log[4].Payload = []byte(`1`), []byte(`2`)
	v := NewVerifier(0, nil)
	var faults []*Fault
	for i := range log {
		faults = append(faults, v.Add(&log[i]))
	}
	if faults[2] == nil || faults[2].Position != 3 || faults[5] != faults[2] {
		t.Fatalf("faults %v: want the first fault, at 3, returned for every later event", faults)
	}
	if rep := v.Report(); rep.Checked != 2 || rep.To != 2 {
		t.Errorf("report %+v, want 2 checked up to position 2", rep)
	}
}

func TestFault_isErrTampered(t *testing.T) {
	var err error = &Fault{Position: 7, Reason: "changed"}
	if !errors.Is(err, ErrTampered) {
		t.Error("errors.Is(fault, ErrTampered) = false")
	}
	if want := "events: hash chain broken at position 7: changed"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}
