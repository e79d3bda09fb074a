package storetest

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Concurrently makes b.N calls of op from callers concurrent goroutines
// (op is told its goroutine's index), timing only the calls, and returns
// the calls per second. The first error fails b.
func Concurrently(b *testing.B, callers int, op func(g int) error) float64 {
	b.Helper()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	b.ResetTimer()
	start := time.Now()
	for g := range callers {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				if err := op(g); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	return float64(b.N) / elapsed.Seconds()
}
