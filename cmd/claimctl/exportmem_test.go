package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// bigLedger serves ExportClaims from a generator: n claims, each built as
// it is sent, so the memory measured is claimctl's, not a fixture's.
type bigLedger struct {
	pb.UnimplementedLedgerServiceServer
	n int
}

func (l bigLedger) ExportClaims(_ *pb.ExportClaimsRequest, stream pb.LedgerService_ExportClaimsServer) error {
	for i := range l.n {
		norm, _ := structpb.NewStruct(map[string]any{"value": float64(i) * 1e6, "unit": "EUR"})
		c := &pb.Claim{
			Id: fmt.Sprintf("%016x-%02d", i/20, i%20+1), ArticleId: fmt.Sprintf("%016x", i/20),
			Kind: pb.ClaimKind_CLAIM_KIND_MONEY, Status: pb.ClaimStatus_CLAIM_STATUS_CONFIRMED,
			Text:       fmt.Sprintf("%d million euros", i),
			Sentence:   fmt.Sprintf("The council said it would spend %d million euros, \"mostly\" on trams,\nover the next decade.", i),
			Normalized: norm, Checks: []*pb.Check{{Name: "same_subject", Result: pb.CheckResult_CHECK_RESULT_PASS}},
			Tallies: &pb.Tallies{Confirm: 1}, Votes: []*pb.Vote{{Reviewer: "alice", Verdict: pb.Verdict_VERDICT_CONFIRM,
				EvidenceUrls: []string{"https://budget.example/2026"}}},
			ArticleTitle: "City budget", ArticleUrl: "https://news.example/budget", ArticlePublished: "2026-03-14",
			UpdatedAt: timestamppb.New(time.Unix(1.7e9+int64(i), 0)),
		}
		if err := stream.Send(&pb.ExportClaimsResponse{Claim: c}); err != nil {
			return err
		}
	}
	return nil
}

func serveBigLedger(t testing.TB, n int) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gs := grpc.NewServer()
	pb.RegisterLedgerServiceServer(gs, bigLedger{n: n})
	go gs.Serve(l)
	t.Cleanup(gs.Stop)
	return l.Addr().String()
}

// peakMemory samples the heap in use every few milliseconds until stop is
// called, and returns the peak with the process's peak RSS (VmHWM).
func peakMemory() (stop func() (heapMB, rssMB float64)) {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapInuse)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() (float64, float64) {
		close(done)
		<-finished
		return float64(peak) / 1e6, vmHWM()
	}
}

// vmHWM is the process's peak resident set in MB (Linux), or 0.
func vmHWM() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1e3
		}
	}
	return 0
}

// TestExport_100kClaimsUnder100MB runs `claimctl export` in-process over a
// real gRPC stream of 100,000 claims, in every format, to a file: the heap
// in use (client and the generating server together) must stay far under
// 100 MB, because claims are rendered as they arrive.
func TestExport_100kClaimsUnder100MB(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 300,000 claims")
	}
	const n = 100_000
	addr := serveBigLedger(t, n)
	for _, format := range []string{"jsonl", "csv", "claimreview"} {
		t.Run(format, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "export."+format)
			runtime.GC()
			stop := peakMemory()
			var out, errb strings.Builder
			code := run([]string{"export", "--addr", addr, "--token", "t.x", "--format", format, "--file", path}, &out, &errb)
			heap, rss := stop()
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %s; %.1f MB written; peak heap in use %.1f MB; process peak RSS %.1f MB",
				format, strings.TrimSpace(errb.String()), float64(fi.Size())/1e6, heap, rss)
			if !strings.Contains(errb.String(), "exported 100000 claims") {
				t.Errorf("stderr %q", errb.String())
			}
			if heap > 100 {
				t.Errorf("peak heap in use %.1f MB, want under 100 MB", heap)
			}
		})
	}
}

// BenchmarkExport reports claimctl's allocations and peak heap per format
// when exporting b.N claims over gRPC to a file.
func BenchmarkExport(b *testing.B) {
	for _, format := range []string{"jsonl", "csv", "claimreview"} {
		b.Run(format, func(b *testing.B) {
			addr := serveBigLedger(b, b.N)
			path := filepath.Join(b.TempDir(), "export")
			b.ReportAllocs()
			runtime.GC()
			b.ResetTimer()
			stop := peakMemory()
			var errb strings.Builder
			if code := run([]string{"export", "--addr", addr, "--token", "t.x", "--format", format, "--file", path}, &strings.Builder{}, &errb); code != 0 {
				b.Fatalf("exit %d: %s", code, errb.String())
			}
			heap, rss := stop()
			b.ReportMetric(heap, "peak-heap-MB")
			b.ReportMetric(rss, "peak-rss-MB")
		})
	}
}
