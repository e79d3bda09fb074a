package events

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"sync"
	"time"
)

// NewEventID returns a UUIDv7 (RFC 9562): time-ordered, so ids sort by
// creation, and monotonic within this process even when the clock stalls.
func NewEventID() string {
	var u [16]byte
	ms, seq := nextTick(u[8:])
	binary.BigEndian.PutUint64(u[0:8], ms<<16)
	binary.BigEndian.PutUint16(u[6:8], 0x7000|seq)
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	var s [36]byte
	hex.Encode(s[0:8], u[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], u[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], u[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], u[8:10])
	s[23] = '-'
	hex.Encode(s[24:], u[10:])
	return string(s[:])
}

var clock struct {
	sync.Mutex
	ms   uint64
	seq  uint16
	rand [4096]byte // random bytes read ahead: one system call per 512 ids
	used int
}

// nextTick returns the millisecond timestamp and a 12-bit counter that
// orders ids minted within the same millisecond, and fills random.
func nextTick(random []byte) (uint64, uint16) {
	clock.Lock()
	defer clock.Unlock()
	if clock.used == 0 || clock.used+len(random) > len(clock.rand) {
		if _, err := rand.Read(clock.rand[:]); err != nil {
			panic("events: crypto/rand failed: " + err.Error())
		}
		clock.used = 0
	}
	clock.used += copy(random, clock.rand[clock.used:])
	now := uint64(time.Now().UnixMilli())
	if now > clock.ms {
		clock.ms, clock.seq = now, 0
	} else {
		clock.seq++
		if clock.seq > 0x0fff { // counter exhausted: borrow the next millisecond
			clock.ms, clock.seq = clock.ms+1, 0
		}
	}
	return clock.ms, clock.seq
}
