package events

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var uuidV7 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewEventID_isUUIDv7(t *testing.T) {
	id := NewEventID()
	if !uuidV7.MatchString(id) {
		t.Fatalf("NewEventID() = %q, want a UUIDv7 (version 7, RFC 9562 variant)", id)
	}
	ms, err := strconv.ParseUint(strings.ReplaceAll(id[:13], "-", ""), 16, 64)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(time.UnixMilli(int64(ms))); d < -time.Second || d > time.Second {
		t.Errorf("id %s carries time %v, %v away from now", id, time.UnixMilli(int64(ms)), d)
	}
}

// Many ids in a row — far more than one per millisecond — sort in the
// order they were made.
func TestNewEventID_isTimeOrderedAndUnique(t *testing.T) {
	const n = 20000
	prev := ""
	for i := range n {
		id := NewEventID()
		if id <= prev {
			t.Fatalf("id %d %s does not sort after %s", i, id, prev)
		}
		prev = id
	}
}

func TestNewEventID_uniqueAcrossGoroutines(t *testing.T) {
	const goroutines, each = 8, 2000
	var mu sync.Mutex
	seen := make(map[string]bool, goroutines*each)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			local := make([]string, each)
			for i := range local {
				local[i] = NewEventID()
			}
			mu.Lock()
			defer mu.Unlock()
			for _, id := range local {
				if seen[id] {
					t.Errorf("id %s minted twice", id)
				}
				seen[id] = true
			}
		})
	}
	wg.Wait()
}
