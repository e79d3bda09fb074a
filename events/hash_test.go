package events

import (
	"bytes"
	"testing"
	"time"
)

func TestChain_sealsConsecutiveEnvelopes(t *testing.T) {
	log := sealedLog(5)
	if !bytes.Equal(log[0].PrevHash, GenesisHash) {
		t.Errorf("first event's PrevHash %x, want GenesisHash", log[0].PrevHash)
	}
	for i := range log {
		if len(log[i].Hash) != HashSize {
			t.Errorf("position %d: hash of %d bytes, want %d", i+1, len(log[i].Hash), HashSize)
		}
		if !bytes.Equal(log[i].Hash, ComputeHash(&log[i])) {
			t.Errorf("position %d: sealed hash differs from ComputeHash", i+1)
		}
		if i > 0 && !bytes.Equal(log[i].PrevHash, log[i-1].Hash) {
			t.Errorf("position %d: PrevHash is not the previous event's hash", i+1)
		}
	}
}

func TestChain_continuesFromLastHash(t *testing.T) {
	log := sealedLog(4)
	c := NewChain(log[2].Hash)
	again := log[3]
	again.PrevHash, again.Hash = nil, nil
	c.Seal(&again)
	if !bytes.Equal(again.Hash, log[3].Hash) || !bytes.Equal(c.Last(), log[3].Hash) {
		t.Errorf("resealing position 4 after position 3's hash: %x, want %x", again.Hash, log[3].Hash)
	}
}

func TestNewChain_copiesLast(t *testing.T) {
	last := bytes.Repeat([]byte{1}, HashSize)
	c := NewChain(last)
	last[0] = 9
	if c.Last()[0] != 1 {
		t.Error("NewChain kept a reference to the caller's slice")
	}
}

// Every field of the row is covered by the hash.
func TestComputeHash_coversEveryField(t *testing.T) {
	base := sealedLog(1)[0]
	base.Actor, base.RequestID, base.CorrelationID, base.CausationID = "a", "r", "c", "k"
	want := ComputeHash(&base)
	tests := []struct {
		name   string
		change func(e *Envelope)
	}{
		{"PrevHash", func(e *Envelope) { e.PrevHash = bytes.Repeat([]byte{1}, HashSize) }},
		{"Position", func(e *Envelope) { e.Position++ }},
		{"StreamID", func(e *Envelope) { e.StreamID += "x" }},
		{"Topic", func(e *Envelope) { e.Topic += "x" }},
		{"Version", func(e *Envelope) { e.Version++ }},
		{"EventID", func(e *Envelope) { e.EventID = NewEventID() }},
		{"Type", func(e *Envelope) { e.Type += "x" }},
		{"SchemaVersion", func(e *Envelope) { e.SchemaVersion++ }},
		{"Payload", func(e *Envelope) { e.Payload = []byte(`{"n": 0}`) }},
		{"Actor", func(e *Envelope) { e.Actor += "x" }},
		{"RequestID", func(e *Envelope) { e.RequestID += "x" }},
		{"CorrelationID", func(e *Envelope) { e.CorrelationID += "x" }},
		{"CausationID", func(e *Envelope) { e.CausationID += "x" }},
		{"RecordedAt", func(e *Envelope) { e.RecordedAt = e.RecordedAt.Add(time.Nanosecond) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := base
			tt.change(&e)
			if bytes.Equal(ComputeHash(&e), want) {
				t.Errorf("changing %s leaves the hash unchanged", tt.name)
			}
		})
	}
}

// Length prefixes keep "ab"+"c" and "a"+"bc" apart.
func TestComputeHash_fieldBoundariesMatter(t *testing.T) {
	a := Envelope{Position: 1, StreamID: "ab", EventID: "c", PrevHash: GenesisHash}
	b := Envelope{Position: 1, StreamID: "a", EventID: "bc", PrevHash: GenesisHash}
	if bytes.Equal(ComputeHash(&a), ComputeHash(&b)) {
		t.Error("moving a byte from StreamID to EventID does not change the hash")
	}
}

func TestComputeHash_ignoresTimeZone(t *testing.T) {
	e := sealedLog(1)[0]
	f := e
	f.RecordedAt = e.RecordedAt.In(time.FixedZone("CST", 8*3600))
	if !bytes.Equal(ComputeHash(&e), ComputeHash(&f)) {
		t.Error("the same instant in another zone hashes differently")
	}
}
