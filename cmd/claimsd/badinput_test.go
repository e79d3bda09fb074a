package main

import (
	"context"
	"strings"
	"testing"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// TestE2E_badInputs sends every kind of bad call and checks its code, that
// an InvalidArgument names the field, and that none of them writes
// anything.
func TestE2E_badInputs(t *testing.T) {
	ts := startServer(t, t.TempDir())
	alice := ts.register("alice", pb.Role_ROLE_REVIEWER)
	erin := ts.register("erin", pb.Role_ROLE_EDITOR)
	audra := ts.register("audra", pb.Role_ROLE_AUDITOR)
	ing, err := ts.articles.IngestArticle(as(alice), &pb.IngestArticleRequest{RequestId: "ingest", Title: railTitle, Body: railBody, Published: railPublished})
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	confirmed := findClaim(t, ing.GetClaims(), "1.5 trillion yuan ($210 billion)").GetId()
	open := findClaim(t, ing.GetClaims(), "12 percent").GetId()
	v, err := ts.claims.SubmitReview(as(alice), &pb.SubmitReviewRequest{RequestId: "confirm", ClaimId: confirmed, Verdict: pb.Verdict_VERDICT_CONFIRM})
	if err != nil || v.GetClaim().GetStatus() != pb.ClaimStatus_CLAIM_STATUS_CONFIRMED {
		t.Fatalf("confirm: %v, status %v", err, v.GetClaim().GetStatus())
	}
	head := ts.verify()
	before := snapshot(t, ts, alice, head)

	ctx := func(cred string) context.Context { return as(cred) }
	noAuth := context.Background()
	badScheme := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Basic "+alice)
	wrongSecret := as(strings.SplitN(alice, ".", 2)[0] + ".not-the-secret")
	stale := uint64(1)
	big := strings.Repeat("a", 600<<10)       // over the 512 KiB body limit, under the message limit
	huge := strings.Repeat("a", 2<<20)        // over the message limit
	longTitle := strings.Repeat("Rail ", 120) // 600 bytes

	cases := []struct {
		name  string
		call  func() error
		code  codes.Code
		field string // an InvalidArgument message must name it
	}{
		// InvalidArgument, naming the field
		{"ingest without request_id", func() error {
			_, err := ts.articles.IngestArticle(ctx(alice), &pb.IngestArticleRequest{Title: "t", Body: "b"})
			return err
		}, codes.InvalidArgument, "request_id"},
		{"ingest without title", func() error {
			_, err := ts.articles.IngestArticle(ctx(alice), &pb.IngestArticleRequest{RequestId: rid("x"), Body: "Officials expect 12 percent growth."})
			return err
		}, codes.InvalidArgument, "title"},
		{"ingest with a title over 500 bytes", func() error {
			_, err := ts.articles.IngestArticle(ctx(alice), &pb.IngestArticleRequest{RequestId: rid("x"), Title: longTitle, Body: "A fresh body: officials expect 12 percent growth."})
			return err
		}, codes.InvalidArgument, "title"},
		{"ingest with a body over 512 KiB", func() error {
			_, err := ts.articles.IngestArticle(ctx(alice), &pb.IngestArticleRequest{RequestId: rid("x"), Title: "t", Body: big})
			return err
		}, codes.InvalidArgument, "body"},
		{"ingest with a bad date", func() error {
			_, err := ts.articles.IngestArticle(ctx(alice), &pb.IngestArticleRequest{RequestId: rid("x"), Title: "t", Body: "b 12 percent", Published: "04/03/2025"})
			return err
		}, codes.InvalidArgument, "published"},
		{"ingest with a relative url", func() error {
			_, err := ts.articles.IngestArticle(ctx(alice), &pb.IngestArticleRequest{RequestId: rid("x"), Title: "t", Body: "b 12 percent", Url: "/news/1"})
			return err
		}, codes.InvalidArgument, "url"},
		{"vote without a verdict", func() error {
			_, err := ts.claims.SubmitReview(ctx(alice), &pb.SubmitReviewRequest{RequestId: rid("x"), ClaimId: open})
			return err
		}, codes.InvalidArgument, "verdict"},
		{"dispute without a reason", func() error {
			_, err := ts.claims.SubmitReview(ctx(alice), &pb.SubmitReviewRequest{RequestId: rid("x"), ClaimId: open, Verdict: pb.Verdict_VERDICT_DISPUTE})
			return err
		}, codes.InvalidArgument, "reason"},
		{"vote with a bad evidence url", func() error {
			_, err := ts.claims.SubmitReview(ctx(alice), &pb.SubmitReviewRequest{RequestId: rid("x"), ClaimId: open, Verdict: pb.Verdict_VERDICT_CONFIRM, EvidenceUrls: []string{"ftp://x"}})
			return err
		}, codes.InvalidArgument, "evidence_urls"},
		{"vote without a claim id", func() error {
			_, err := ts.claims.SubmitReview(ctx(alice), &pb.SubmitReviewRequest{RequestId: rid("x"), Verdict: pb.Verdict_VERDICT_CONFIRM})
			return err
		}, codes.InvalidArgument, "claim_id"},
		{"reopen without a reason", func() error {
			_, err := ts.claims.ReopenClaim(ctx(erin), &pb.ReopenClaimRequest{RequestId: rid("x"), ClaimId: confirmed})
			return err
		}, codes.InvalidArgument, "reason"},
		{"negative page size", func() error {
			_, err := ts.claims.ListClaims(ctx(alice), &pb.ListClaimsRequest{PageSize: -1})
			return err
		}, codes.InvalidArgument, "page_size"},
		{"forged page token", func() error {
			_, err := ts.claims.ListClaims(ctx(alice), &pb.ListClaimsRequest{PageToken: "not-a-token"})
			return err
		}, codes.InvalidArgument, "page_token"},
		{"register without a role", func() error {
			_, err := ts.adminSvc.RegisterReviewer(ctx(ts.admin), &pb.RegisterReviewerRequest{RequestId: rid("x"), Name: "zed"})
			return err
		}, codes.InvalidArgument, "role"},

		// NotFound
		{"get a missing claim", func() error {
			_, err := ts.claims.GetClaim(ctx(alice), &pb.GetClaimRequest{Id: "0000000000000000-01"})
			return err
		}, codes.NotFound, ""},
		{"vote on a missing claim", func() error {
			_, err := ts.claims.SubmitReview(ctx(alice), &pb.SubmitReviewRequest{RequestId: rid("x"), ClaimId: "0000000000000000-01", Verdict: pb.Verdict_VERDICT_CONFIRM})
			return err
		}, codes.NotFound, ""},
		{"history of a missing claim", func() error {
			_, err := ts.ledger.GetClaimHistory(ctx(audra), &pb.GetClaimHistoryRequest{ClaimId: "0000000000000000-01"})
			return err
		}, codes.NotFound, ""},
		{"retract a vote never cast", func() error {
			_, err := ts.claims.RetractReview(ctx(erin), &pb.RetractReviewRequest{RequestId: rid("x"), ClaimId: open})
			return err
		}, codes.FailedPrecondition, ""}, // the claim is still EXTRACTED, which allows no retraction

		// AlreadyExists
		{"request id reused for another call", func() error {
			_, err := ts.claims.SubmitReview(ctx(alice), &pb.SubmitReviewRequest{RequestId: "confirm", ClaimId: open, Verdict: pb.Verdict_VERDICT_CONFIRM})
			return err
		}, codes.AlreadyExists, ""},
		{"register a reviewer twice", func() error {
			_, err := ts.adminSvc.RegisterReviewer(ctx(ts.admin), &pb.RegisterReviewerRequest{RequestId: rid("x"), Name: "alice", Role: pb.Role_ROLE_REVIEWER})
			return err
		}, codes.AlreadyExists, ""},

		// FailedPrecondition: transitions the workflow does not allow
		{"vote on a confirmed claim", func() error {
			_, err := ts.claims.SubmitReview(ctx(erin), &pb.SubmitReviewRequest{RequestId: rid("x"), ClaimId: confirmed, Verdict: pb.Verdict_VERDICT_CONFIRM})
			return err
		}, codes.FailedPrecondition, ""},
		{"settle a claim that is not contested", func() error {
			_, err := ts.claims.SettleClaim(ctx(erin), &pb.SettleClaimRequest{RequestId: rid("x"), ClaimId: confirmed, Verdict: pb.Verdict_VERDICT_DISPUTE})
			return err
		}, codes.FailedPrecondition, ""},
		{"reopen a claim that is not final", func() error {
			_, err := ts.claims.ReopenClaim(ctx(erin), &pb.ReopenClaimRequest{RequestId: rid("x"), ClaimId: open, Reason: "why not"})
			return err
		}, codes.FailedPrecondition, ""},

		// Aborted: a stale expected version
		{"stale expected version", func() error {
			_, err := ts.claims.SubmitReview(ctx(erin), &pb.SubmitReviewRequest{RequestId: rid("x"), ClaimId: open, Verdict: pb.Verdict_VERDICT_CONFIRM, ExpectedVersion: proto.Uint64(99)})
			return err
		}, codes.Aborted, ""},
		{"stale expected version on a decided claim", func() error {
			_, err := ts.claims.ReopenClaim(ctx(erin), &pb.ReopenClaimRequest{RequestId: rid("x"), ClaimId: confirmed, Reason: "again", ExpectedVersion: &stale})
			return err
		}, codes.Aborted, ""},

		// Unauthenticated
		{"no token", func() error {
			_, err := ts.claims.GetClaim(noAuth, &pb.GetClaimRequest{Id: confirmed})
			return err
		}, codes.Unauthenticated, ""},
		{"not a bearer token", func() error {
			_, err := ts.claims.GetClaim(badScheme, &pb.GetClaimRequest{Id: confirmed})
			return err
		}, codes.Unauthenticated, ""},
		{"wrong secret", func() error {
			_, err := ts.claims.SubmitReview(wrongSecret, &pb.SubmitReviewRequest{RequestId: rid("x"), ClaimId: open, Verdict: pb.Verdict_VERDICT_CONFIRM})
			return err
		}, codes.Unauthenticated, ""},

		// PermissionDenied
		{"a reviewer registers a reviewer", func() error {
			_, err := ts.adminSvc.RegisterReviewer(ctx(alice), &pb.RegisterReviewerRequest{RequestId: rid("x"), Name: "mallory", Role: pb.Role_ROLE_ADMIN})
			return err
		}, codes.PermissionDenied, ""},
		{"a reviewer reopens", func() error {
			_, err := ts.claims.ReopenClaim(ctx(alice), &pb.ReopenClaimRequest{RequestId: rid("x"), ClaimId: confirmed, Reason: "mine"})
			return err
		}, codes.PermissionDenied, ""},
		{"an auditor votes", func() error {
			_, err := ts.claims.SubmitReview(ctx(audra), &pb.SubmitReviewRequest{RequestId: rid("x"), ClaimId: open, Verdict: pb.Verdict_VERDICT_CONFIRM})
			return err
		}, codes.PermissionDenied, ""},
		{"a reviewer verifies the ledger", func() error {
			_, err := ts.ledger.VerifyLedger(ctx(alice), &pb.VerifyLedgerRequest{})
			return err
		}, codes.PermissionDenied, ""},

		// ResourceExhausted: a message over the server's size limit
		{"message over the size limit", func() error {
			_, err := ts.articles.IngestArticle(ctx(alice), &pb.IngestArticleRequest{RequestId: rid("x"), Title: "t", Body: huge})
			return err
		}, codes.ResourceExhausted, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			wantCode(t, c.name, err, c.code)
			if c.field != "" && !strings.Contains(status.Convert(err).Message(), c.field) {
				t.Errorf("%s: message %q does not name %q", c.name, status.Convert(err).Message(), c.field)
			}
		})
	}

	if got := ts.verify(); got != head {
		t.Errorf("bad calls wrote to the log: %d events, want %d", got, head)
	}
	after := snapshot(t, ts, alice, head)
	if len(after) != len(before) {
		t.Fatalf("bad calls changed the claims: %d, want %d", len(after), len(before))
	}
	for i := range before {
		if !proto.Equal(before[i], after[i]) {
			t.Errorf("claim %s changed:\nbefore %v\nafter  %v", before[i].GetId(), before[i], after[i])
		}
	}
	// Health needs no token.
	if err := healthCheck(noAuth, ts.conn); err != nil {
		t.Errorf("health without a token: %v", err)
	}
}
