package export

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func mustTime(t testing.TB) time.Time {
	return time.Date(2026, 3, 15, 9, 30, 0, 0, time.UTC)
}

// generate calls yield with n distinct claims, one at a time, building each
// afresh the way a gRPC stream hands them over: nothing is retained.
func generate(n int, yield func(*pb.Claim) error) error {
	for i := range n {
		norm, _ := structpb.NewStruct(map[string]any{"value": float64(i) * 1e6, "unit": "EUR"})
		c := &pb.Claim{
			Id: fmt.Sprintf("%016x-%02d", i/20, i%20+1), ArticleId: fmt.Sprintf("%016x", i/20),
			Kind: pb.ClaimKind_CLAIM_KIND_MONEY, Status: pb.ClaimStatus_CLAIM_STATUS_CONFIRMED,
			Text:       fmt.Sprintf("%d million euros", i),
			Sentence:   fmt.Sprintf("The city said on Tuesday it would spend %d million euros, \"mostly\" on trams, over the next decade.", i),
			Normalized: norm, Checks: []*pb.Check{{Name: "same_subject", Result: pb.CheckResult_CHECK_RESULT_PASS, Detail: "one value"}},
			Tallies: &pb.Tallies{Confirm: 1}, Votes: []*pb.Vote{{Reviewer: "alice", Verdict: pb.Verdict_VERDICT_CONFIRM,
				EvidenceUrls: []string{"https://budget.example/2026"}, Note: "matches the budget"}},
			ArticleTitle: "City budget", ArticleUrl: "https://news.example/budget", ArticlePublished: "2026-03-14",
			UpdatedAt: timestamppb.New(time.Unix(int64(1.7e9)+int64(i), 0)),
		}
		if err := yield(c); err != nil {
			return err
		}
	}
	return nil
}

// TestExport_100kClaimsConstantMemory renders 100,000 claims in each format
// and samples the live heap as it goes: the peak must stay far under the
// issue's 100 MB, and must not grow with the number of claims.
func TestExport_100kClaimsConstantMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 300,000 claims")
	}
	const n = 100_000
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			r, err := New(format, Options{BaseURL: "https://factcheck.example"})
			if err != nil {
				t.Fatal(err)
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			base := ms.HeapInuse
			var peak uint64
			out := &discard{}
			if err := r.Begin(out); err != nil {
				t.Fatal(err)
			}
			i := 0
			err = generate(n, func(c *pb.Claim) error {
				i++
				if i%5000 == 0 {
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse)
				}
				return r.Write(c)
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.End(); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d claims, %.1f MB written, peak heap in use %.1f MB (%.1f MB above the start)",
				format, n, float64(out.n)/1e6, float64(peak)/1e6, float64(peak-min(peak, base))/1e6)
			if peak > 100<<20 {
				t.Errorf("peak heap in use %d bytes, want under 100 MB", peak)
			}
			if out.n < n*100 {
				t.Errorf("only %d bytes written for %d claims", out.n, n)
			}
		})
	}
}

// BenchmarkRender reports, per format, the allocations per claim and the
// peak heap in use while rendering b.N claims.
func BenchmarkRender(b *testing.B) {
	for _, format := range Formats {
		b.Run(format, func(b *testing.B) {
			r, _ := New(format, Options{})
			var ms runtime.MemStats
			var peak uint64
			b.ReportAllocs()
			if err := r.Begin(&discard{}); err != nil {
				b.Fatal(err)
			}
			i := 0
			b.ResetTimer()
			err := generate(b.N, func(c *pb.Claim) error {
				if i++; i%10000 == 0 {
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse)
				}
				return r.Write(c)
			})
			if err != nil {
				b.Fatal(err)
			}
			if err := r.End(); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
		})
	}
}
