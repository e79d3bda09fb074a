package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
)

type reviewed struct {
	Claim   string `json:"claim"`
	Verdict string `json:"verdict"`
	N       int    `json:"n"`
	Note    string `json:"note"`
}

// BenchmarkReplay rebuilds a view from a log of 1M events: read every row,
// decode its payload through the registry, verify its hash against the
// chain, and fold it into per-stream tallies.
//
//	go test ./adapters/sqlite -run '^$' -bench BenchmarkReplay -benchtime 3x
func BenchmarkReplay(b *testing.B) {
	const n = 1_000_000
	path := buildFixture(b, n)
	s, err := sqlite.Open(sqlite.Config{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	reg := events.NewRegistry()
	events.Register[reviewed](reg, "claim.reviewed", 1)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		v := events.NewVerifier(1, nil)
		tallies := map[string]int{}
		err := s.Replay(context.Background(), 0, n, func(batch []events.Envelope) error {
			for j := range batch {
				e := &batch[j]
				if f := v.Add(e); f != nil {
					return f
				}
				ev, err := reg.Decode(e)
				if err != nil {
					return err
				}
				r := ev.(*reviewed)
				if r.Verdict == "confirmed" {
					tallies[e.StreamID]++
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if v.Report().Checked != n || len(tallies) != n/fixtureEventsPerAppend {
			b.Fatalf("replayed %d events into %d tallies", v.Report().Checked, len(tallies))
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "events/s")
}
