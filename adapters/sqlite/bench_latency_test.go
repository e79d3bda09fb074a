package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
)

// BenchmarkAppendLatency measures single durable appends by one caller into
// a store that already holds 10k or 1M events, to show that latency does
// not grow with the log.
//
//	go test ./adapters/sqlite -run '^$' -bench BenchmarkAppendLatency
func BenchmarkAppendLatency(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("at_%s", count(n)), func(b *testing.B) {
			path := copyStore(b, buildFixture(b, n))
			s, err := sqlite.Open(sqlite.Config{Path: path})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			lat := make([]time.Duration, 0, b.N)
			streams := n / fixtureEventsPerAppend
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req := events.AppendRequest{StreamID: fmt.Sprintf("claim-%08d", (i*7919)%streams), Expected: events.Any,
					Events: []events.Proposed{{Type: "review.submitted", Payload: []byte(`{"verdict":"confirmed"}`)}}}
				t0 := time.Now()
				if _, err := s.Append(context.Background(), req); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			b.StopTimer()
			reportPercentiles(b, lat, "µs", time.Microsecond)
		})
	}
}

// BenchmarkSubscriberLag sustains 2,000 appends/s while a subscriber tails
// the log, and reports how long after an event's recorded time it arrives.
//
//	go test ./adapters/sqlite -run '^$' -bench BenchmarkSubscriberLag -benchtime 6000x
func BenchmarkSubscriberLag(b *testing.B) {
	const rate = 2000
	s, err := sqlite.Open(sqlite.Config{Path: filepath.Join(b.TempDir(), "events.db")})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	sub, err := s.Subscribe(ctx, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer sub.Close()
	lags := make([]time.Duration, 0, b.N)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for e := range sub.Events() {
			lags = append(lags, time.Since(e.RecordedAt))
			if len(lags) == b.N {
				return
			}
		}
	}()
	b.ResetTimer()
	// Appenders on 16 streams, paced so that together they offer 2,000/s.
	const appenders = 16
	interval := time.Second * appenders / rate
	var awg sync.WaitGroup
	for a := 0; a < appenders; a++ {
		awg.Add(1)
		go func(a int) {
			defer awg.Done()
			tick := time.NewTicker(interval)
			defer tick.Stop()
			for i := a; i < b.N; i += appenders {
				<-tick.C
				_, err := s.Append(ctx, events.AppendRequest{StreamID: fmt.Sprintf("claim-lag%d", a), Expected: events.Any,
					Events: []events.Proposed{{Type: "review.submitted", Payload: []byte(`{"verdict":"disputed"}`)}}})
				if err != nil {
					b.Error(err)
					return
				}
			}
		}(a)
	}
	awg.Wait()
	wg.Wait()
	b.StopTimer()
	reportPercentiles(b, lags, "ms", time.Millisecond)
}

func reportPercentiles(b *testing.B, d []time.Duration, unit string, scale time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	at := func(p float64) float64 { return float64(d[int(p*float64(len(d)-1))]) / float64(scale) }
	b.ReportMetric(at(0.50), "p50-"+unit)
	b.ReportMetric(at(0.99), "p99-"+unit)
}

func count(n int) string {
	if n >= 1_000_000 {
		return fmt.Sprintf("%dM", n/1_000_000)
	}
	return fmt.Sprintf("%dk", n/1000)
}
