package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/events/storetest"
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
	perSec := storetest.Concurrently(b, appenders, func(g int) error {
		_, err := stores[g%nstores].Append(ctx, events.AppendRequest{StreamID: fmt.Sprintf("claim-bench%d", g), Expected: events.Any,
			Events: []events.Proposed{{Type: "claim.extracted", Payload: payload}}})
		return err
	})
	b.ReportMetric(perSec, "appends/s")
}
