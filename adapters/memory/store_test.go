package memory

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/events/storetest"
)

// TestStore runs the event-store conformance suite. The suite opens a
// store "in a directory" and expects to find it again there after Close;
// here a directory holds a key file naming its Log, so the copy of a
// directory the tamper tests make names the same Log until tamper gives
// the copy a changed clone of its own.
func TestStore(t *testing.T) {
	var logs diskOfLogs
	storetest.Run(t, func(t *testing.T, dir string) (events.Store, error) {
		return Open(logs.at(t, dir)), nil
	}, storetest.Features{Tamper: logs.tamper})
}

type diskOfLogs struct {
	mu   sync.Mutex
	logs map[string]*Log
}

const keyFile = "memory-log"

// at is the Log whose key is in dir, a new one when dir has none.
func (d *diskOfLogs) at(t *testing.T, dir string) *Log {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.logs == nil {
		d.logs = map[string]*Log{}
	}
	key, err := os.ReadFile(filepath.Join(dir, keyFile))
	if err == nil {
		if l, ok := d.logs[string(key)]; ok {
			return l
		}
		t.Fatalf("%s names no log", dir)
	}
	l := NewLog()
	d.logs[dir] = l
	if err := os.WriteFile(filepath.Join(dir, keyFile), []byte(dir), 0o600); err != nil {
		t.Fatal(err)
	}
	return l
}

// tamper changes a clone of the log dir names, behind any store's back,
// and makes dir name the clone.
func (d *diskOfLogs) tamper(t *testing.T, dir string, op storetest.TamperOp, pos uint64) {
	orig := d.at(t, dir)
	orig.mu.RLock()
	l := &Log{events: slices.Clone(orig.events), headPos: orig.headPos, headHash: orig.headHash,
		requests: orig.requests, changed: make(chan struct{})}
	orig.mu.RUnlock()
	i := l.index(pos)
	if i < 0 || i+1 >= len(l.events) {
		t.Fatalf("tamper %v: no events at %d and %d", op, pos, pos+1)
	}
	switch op {
	case storetest.TamperUpdate:
		l.events[i].Payload = []byte(`{"tampered":true}`)
	case storetest.TamperDelete:
		l.events = slices.Delete(l.events, i, i+1)
	case storetest.TamperInsert: // shift the later events up by one, forge one in the gap
		for j := i + 1; j < len(l.events); j++ {
			l.events[j].Position++
		}
		forged := l.events[i]
		forged.Position, forged.StreamID, forged.Topic, forged.Version, forged.EventID = pos+1, "forged-1", "forged", 1, "forged-event"
		forged.Payload, forged.PrevHash = []byte(`{"forged":true}`), l.events[i].Hash
		l.events = slices.Insert(l.events, i+1, forged)
	case storetest.TamperReorder:
		l.events[i], l.events[i+1] = l.events[i+1], l.events[i]
		l.events[i].Position, l.events[i+1].Position = pos, pos+1
	}
	d.mu.Lock()
	d.logs[dir] = l
	d.mu.Unlock()
	if err := os.WriteFile(filepath.Join(dir, keyFile), []byte(dir), 0o600); err != nil {
		t.Fatal(err)
	}
}
