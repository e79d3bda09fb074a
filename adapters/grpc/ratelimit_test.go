package grpcadapter

import (
	"strings"
	"testing"
	"time"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestRateLimit_perToken: a token that calls faster than its limit gets
// RESOURCE_EXHAUSTED saying when to retry, other tokens are not affected,
// the bucket refills, a wrong secret draws nothing from the bucket, and a
// client hammering the server gets one log line, not one per call.
func TestRateLimit_perToken(t *testing.T) {
	f := newFixtureWith(t, func(c *Config) { c.RateLimit, c.RateBurst = 5, 4 })
	get := &pb.ListArticlesRequest{}
	call := func(cred string) error { _, err := f.articles.ListArticles(f.as(cred), get); return err }

	// Guesses at the reviewer's token with a wrong secret are refused as
	// unauthenticated and do not spend the reviewer's calls.
	tokenID, _, _ := strings.Cut(f.reviewerCred, ".")
	for range 10 {
		if err := call(tokenID + ".wrong-secret"); status.Code(err) != codes.Unauthenticated {
			t.Fatalf("wrong secret: %v", err)
		}
	}
	for i := range 4 {
		if err := call(f.reviewerCred); err != nil {
			t.Fatalf("call %d within the burst: %v", i+1, err)
		}
	}
	for range 5 {
		err := call(f.reviewerCred)
		st := status.Convert(err)
		if st.Code() != codes.ResourceExhausted || !strings.Contains(st.Message(), "retry in") {
			t.Fatalf("call past the burst: %v, want RESOURCE_EXHAUSTED with a retry delay", err)
		}
		if d := st.Details(); len(d) != 1 || d[0].(*errdetails.RetryInfo).GetRetryDelay().AsDuration() <= 0 {
			t.Fatalf("call past the burst: details %v, want a RetryInfo with the delay", d)
		}
	}
	if err := call(f.auditorCred); err != nil {
		t.Errorf("another token, while the reviewer's is exhausted: %v", err)
	}
	time.Sleep(250 * time.Millisecond) // one call's worth at 5 a second
	if err := call(f.reviewerCred); err != nil {
		t.Errorf("after the bucket refilled: %v", err)
	}
	if n := strings.Count(f.logs.String(), "code=ResourceExhausted"); n != 1 {
		t.Errorf("%d log lines for 5 rate-limited calls in a row, want 1:\n%s", n, f.logs)
	}
}
