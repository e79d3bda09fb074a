package events

import (
	"runtime"
	"sync/atomic"
	"time"
)

// MaxLinger bounds how long a store's writer waits for callers that are
// already on their way before it commits a batch.
const MaxLinger = time.Millisecond

// Gather is the group-commit policy of a store's writer: it adds to batch
// the ops queued on ops, up to max, and waits briefly (at most MaxLinger)
// for more while fewer than half of the callers in flight are in the batch.
// Right after a commit the answered callers are still waking up, and a
// writer that started at once would commit a batch of one or two and pay a
// whole fsync for it. Waiting for all of them would leave the writer idle
// while they return; half keeps both the batch large and the writer busy. A
// lone caller never waits. callers counts the callers between handing an op
// to the writer and getting its answer.
func Gather[O any](ops <-chan O, batch []O, max int, callers *atomic.Int64) []O {
	var deadline time.Time
	for len(batch) < max {
		select {
		case o, ok := <-ops:
			if !ok {
				return batch
			}
			batch = append(batch, o)
			continue
		default:
		}
		if int64(len(batch))*2 >= callers.Load() {
			return batch
		}
		if deadline.IsZero() {
			deadline = time.Now().Add(MaxLinger)
		} else if time.Now().After(deadline) {
			return batch
		}
		runtime.Gosched()
	}
	return batch
}
