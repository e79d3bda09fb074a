package main

import (
	"testing"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestRateLimitFlags: --rate-limit and --rate-burst reach the server, and
// --rate-limit 0 turns the limit off.
func TestRateLimitFlags(t *testing.T) {
	calls := func(ts *testServer, n int) (refused int) {
		for range n {
			_, err := ts.articles.ListArticles(as(ts.admin), &pb.ListArticlesRequest{})
			switch status.Code(err) {
			case codes.OK:
			case codes.ResourceExhausted:
				refused++
			default:
				t.Fatalf("ListArticles: %v", err)
			}
		}
		return refused
	}
	limited := startServer(t, t.TempDir(), "--rate-limit", "0.5", "--rate-burst", "3")
	if refused := calls(limited, 5); refused != 2 {
		t.Errorf("--rate-limit 0.5 --rate-burst 3: %d of 5 quick calls refused, want 2", refused)
	}
	open := startServer(t, t.TempDir(), "--rate-limit", "0")
	if refused := calls(open, 500); refused != 0 {
		t.Errorf("--rate-limit 0: %d of 500 quick calls refused, want none", refused)
	}
}
