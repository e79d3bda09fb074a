package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/events/storetest"
)

// appenders is how many goroutines append at once in BenchmarkAppend: the
// load of many concurrent command handlers.
const appenders = 64

// BenchmarkAppend compares one transaction per append with group commit,
// both durable (WAL, synchronous=FULL), for single-event appends from 64
// concurrent appenders on distinct streams.
//
//	go test ./adapters/sqlite -run '^$' -bench BenchmarkAppend
func BenchmarkAppend(b *testing.B) {
	b.Run("durable_per_tx", func(b *testing.B) { benchAppend(b, 1) })
	b.Run("durable_group_commit", func(b *testing.B) { benchAppend(b, 0) })
}

func benchAppend(b *testing.B, maxBatch int) {
	s, err := sqlite.Open(sqlite.Config{Path: filepath.Join(b.TempDir(), "events.db"), MaxBatch: maxBatch})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	payload := []byte(`{"claim":"a 2 trillion yuan ($280 billion) stimulus package","kind":"money"}`)
	ctx := context.Background()
	b.ReportAllocs()
	perSec := storetest.Concurrently(b, appenders, func(g int) error {
		_, err := s.Append(ctx, events.AppendRequest{StreamID: fmt.Sprintf("claim-bench%d", g), Expected: events.Any,
			Events: []events.Proposed{{Type: "claim.extracted", Payload: payload}}})
		return err
	})
	b.ReportMetric(perSec, "appends/s")
}
