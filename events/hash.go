package events

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// HashSize is the length of a chain hash.
const HashSize = sha256.Size

// GenesisHash is the prev_hash of the event at position 1.
var GenesisHash = make([]byte, HashSize)

// ComputeHash returns SHA-256(prev_hash ‖ canonical row fields ‖ payload)
// for e, using e.PrevHash. Every field is length-prefixed so that no two
// different rows share an encoding, and the position is included so that a
// reordered or inserted row breaks the chain even if its neighbours do not
// change.
func ComputeHash(e *Envelope) []byte {
	var h chainHasher
	return h.sum(e)
}

// chainHasher reuses its state across events on hot paths (the writer and
// verification), where allocation per event would show.
type chainHasher struct {
	h   hash.Hash
	buf []byte
}

func (c *chainHasher) sum(e *Envelope) []byte {
	if c.h == nil {
		c.h = sha256.New()
	}
	c.h.Reset()
	b := c.buf[:0]
	b = append(b, e.PrevHash...)
	b = binary.BigEndian.AppendUint64(b, e.Position)
	b = appendField(b, e.StreamID)
	b = appendField(b, e.Topic)
	b = binary.BigEndian.AppendUint64(b, e.Version)
	b = appendField(b, e.EventID)
	b = appendField(b, e.Type)
	b = binary.BigEndian.AppendUint64(b, uint64(e.SchemaVersion))
	b = appendField(b, e.Actor)
	b = appendField(b, e.RequestID)
	b = appendField(b, e.CorrelationID)
	b = appendField(b, e.CausationID)
	b = binary.BigEndian.AppendUint64(b, uint64(e.RecordedAt.UnixNano()))
	b = binary.BigEndian.AppendUint64(b, uint64(len(e.Payload)))
	c.buf = b
	c.h.Write(b)
	c.h.Write(e.Payload)
	return c.h.Sum(nil)
}

func appendField(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(len(s)))
	return append(b, s...)
}

// Chain assigns hashes to consecutive envelopes. It is not safe for
// concurrent use; the single writer owns one.
type Chain struct {
	last   []byte
	hasher chainHasher
}

// NewChain starts a chain after an event whose hash is last (GenesisHash for
// an empty log).
func NewChain(last []byte) *Chain {
	return &Chain{last: append([]byte(nil), last...)}
}

// Seal sets e.PrevHash and e.Hash and advances the chain.
func (c *Chain) Seal(e *Envelope) {
	e.PrevHash = c.last
	e.Hash = c.hasher.sum(e)
	c.last = e.Hash
}

// Last is the hash of the most recently sealed event.
func (c *Chain) Last() []byte { return c.last }
