package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// BenchmarkAppend measures single-event appends from 64 concurrent
// appenders on distinct streams, every guarantee on (head lock, chain,
// expected versions, durable commit): one transaction per append, group
// commit in one store, and group commit in two stores on one schema (two
// pools, as two processes) sharing the appenders.
//
//	bash .ci/postgres.sh go test ./adapters/postgres -run '^$' -bench BenchmarkAppend
func BenchmarkAppend(b *testing.B) {
	b.Run("per_tx", func(b *testing.B) { benchAppend(b, 1, 1) })
	b.Run("group_commit", func(b *testing.B) { benchAppend(b, 0, 1) })
	b.Run("group_commit_two_stores", func(b *testing.B) { benchAppend(b, 0, 2) })
}

const appenders = 64

func benchAppend(b *testing.B, maxBatch, nstores int) {
	dsn := pgtest.DSN(b)
	schema := pgtest.NewSchema(b, dsn)
	stores := make([]*postgres.Store, nstores)
	for i := range stores {
		s, err := postgres.Open(postgres.Config{DSN: dsn, Schema: schema, MaxBatch: maxBatch})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	payload := []byte(`{"claim":"a 2 trillion yuan ($280 billion) stimulus package","kind":"money"}`)
	ctx := context.Background()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, appenders)
	b.ResetTimer()
	start := time.Now()
	for g := range appenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, stream := stores[g%nstores], fmt.Sprintf("claim-bench%d", g)
			for next.Add(1) <= int64(b.N) {
				if _, err := s.Append(ctx, events.AppendRequest{StreamID: stream, Expected: events.Any,
					Events: []events.Proposed{{Type: "claim.extracted", Payload: payload}}}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "appends/s")
}
