package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestE2E_concurrentReviewersOnOneClaim has 50 reviewers vote on one claim
// at the same moment. The quorum is out of reach, so every vote stays live:
// the claim ends contested with exactly one vote per reviewer and tallies
// that add up.
func TestE2E_concurrentReviewersOnOneClaim(t *testing.T) {
	const n = 50
	ts := startServer(t, t.TempDir(), "--quorum", "100")
	tokens := make([]string, n)
	for i := range tokens {
		tokens[i] = ts.register(fmt.Sprintf("reviewer%02d", i), pb.Role_ROLE_REVIEWER)
	}
	ing, err := ts.articles.IngestArticle(as(tokens[0]), &pb.IngestArticleRequest{RequestId: "ingest", Title: railTitle, Body: railBody, Published: railPublished})
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	target := findClaim(t, ing.GetClaims(), "1.5 trillion yuan ($210 billion)").GetId()

	// ABORTED means another vote won the race for the stream more often
	// than the server retries; a client retries it with the same request
	// id, which is what this one does.
	var aborted atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			req := &pb.SubmitReviewRequest{RequestId: fmt.Sprintf("vote-%d", i), ClaimId: target, Verdict: pb.Verdict_VERDICT_CONFIRM}
			if i%2 == 1 {
				req.Verdict, req.Reason = pb.Verdict_VERDICT_DISPUTE, pb.DisputeReason_DISPUTE_REASON_WRONG_VALUE
			}
			<-start
			for {
				_, err := ts.claims.SubmitReview(as(tokens[i]), req)
				if status.Code(err) == codes.Aborted {
					aborted.Add(1)
					continue
				}
				errs[i] = err
				return
			}
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("reviewer%02d: %v", i, err)
		}
	}
	t.Logf("%d votes retried after ABORTED", aborted.Load())

	auditor := ts.register("auditor", pb.Role_ROLE_AUDITOR)
	last := ts.verify() // every vote is in the log; read the views at its head
	got, err := ts.claims.GetClaim(as(tokens[0]), &pb.GetClaimRequest{Id: target, MinPosition: last})
	if err != nil {
		t.Fatalf("get claim: %v", err)
	}
	c := got.GetClaim()
	if c.GetStatus() != pb.ClaimStatus_CLAIM_STATUS_CONTESTED {
		t.Errorf("status %v, want CONTESTED", c.GetStatus())
	}
	if tl := c.GetTallies(); tl.GetConfirm() != n/2 || tl.GetDispute() != n/2 || tl.GetUnverifiable() != 0 {
		t.Errorf("tallies %v, want %d confirm and %d dispute", tl, n/2, n/2)
	}
	seen := map[string]int{}
	for _, v := range c.GetVotes() {
		seen[v.GetReviewer()]++
	}
	if len(c.GetVotes()) != n || len(seen) != n {
		t.Errorf("%d live votes by %d reviewers, want %d each", len(c.GetVotes()), len(seen), n)
	}
	for who, k := range seen {
		if k != 1 {
			t.Errorf("%s has %d live votes", who, k)
		}
	}

	// The log agrees with the view: 50 submissions, no more.
	h, err := ts.ledger.GetClaimHistory(as(auditor), &pb.GetClaimHistoryRequest{ClaimId: target})
	if err != nil {
		t.Fatal(err)
	}
	submitted := 0
	for _, e := range h.GetEvents() {
		if e.GetType() == "review.submitted" {
			submitted++
		}
	}
	if submitted != n {
		t.Errorf("%d review.submitted events, want %d", submitted, n)
	}

	// One live vote each: a second vote is refused and records nothing.
	_, err = ts.claims.SubmitReview(as(tokens[3]), &pb.SubmitReviewRequest{RequestId: "second-vote", ClaimId: target, Verdict: pb.Verdict_VERDICT_CONFIRM})
	wantCode(t, "a second vote by the same reviewer", err, codes.FailedPrecondition)
	// A retry of a first vote with its request id answers as before.
	if _, err := ts.claims.SubmitReview(as(tokens[2]), &pb.SubmitReviewRequest{RequestId: "vote-2", ClaimId: target, Verdict: pb.Verdict_VERDICT_CONFIRM}); err != nil {
		t.Errorf("retry of a first vote: %v", err)
	}
	if after := ts.verify(); after != last {
		t.Errorf("refused and retried votes changed the log: %d events, want %d", after, last)
	}
}
