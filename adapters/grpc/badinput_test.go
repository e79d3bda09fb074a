package grpcadapter

import (
	"strings"
	"testing"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
)

// TestBadInput sends every kind of mistake a caller can make, checks the
// code and that the message names the field, and that none of them wrote
// anything: the ledger head is the same before and after.
func TestBadInput(t *testing.T) {
	f := newFixture(t)
	in := f.ingest(t)
	id, other := in.GetClaims()[0].GetId(), in.GetClaims()[1].GetId()
	// One live vote, for the duplicate-vote and reused-request cases.
	mustVote(t, f, f.as(f.reviewerCred), "vote-1", id, pb.Verdict_VERDICT_CONFIRM, 0)
	rev, ed, adm, aud := f.as(f.reviewerCred), f.as(f.editorCred), f.as(f.adminCred), f.as(f.auditorCred)
	stale := uint64(1)
	huge := uint64(1 << 40)
	otherFilters, err := f.claims.ListClaims(rev, &pb.ListClaimsRequest{Status: pb.ClaimStatus_CLAIM_STATUS_EXTRACTED, PageSize: 1})
	if err != nil || otherFilters.GetNextPageToken() == "" {
		t.Fatalf("ListClaims: %v %v", otherFilters, err)
	}
	article := func(mod func(*pb.IngestArticleRequest)) error {
		r := &pb.IngestArticleRequest{RequestId: "bad-ingest", Title: "Harbour Fares Rise 4% in 2026", Body: "Bus fares rose 4% this spring."}
		mod(r)
		_, err := f.articles.IngestArticle(rev, r)
		return err
	}
	vote := func(mod func(*pb.SubmitReviewRequest)) error {
		r := &pb.SubmitReviewRequest{RequestId: "bad-vote", ClaimId: other, Verdict: pb.Verdict_VERDICT_CONFIRM}
		mod(r)
		_, err := f.claims.SubmitReview(ed, r)
		return err
	}

	before := f.head(t)
	cases := []struct {
		name string
		call func() error
		code codes.Code
		msg  string
	}{
		{"ingest without request_id", func() error { return article(func(r *pb.IngestArticleRequest) { r.RequestId = "" }) }, codes.InvalidArgument, "request_id: required"},
		{"ingest with a long request_id", func() error {
			return article(func(r *pb.IngestArticleRequest) { r.RequestId = strings.Repeat("r", 129) })
		}, codes.InvalidArgument, "request_id: 129 characters"},
		{"ingest without title and body", func() error { return article(func(r *pb.IngestArticleRequest) { r.Title, r.Body = "", "" }) }, codes.InvalidArgument, "title: required; body: required"},
		{"ingest with a long title", func() error { return article(func(r *pb.IngestArticleRequest) { r.Title = strings.Repeat("t", 501) }) }, codes.InvalidArgument, "title:"},
		{"ingest with a bad date", func() error { return article(func(r *pb.IngestArticleRequest) { r.Published = "2 March 2026" }) }, codes.InvalidArgument, "published:"},
		{"ingest with an ftp url", func() error { return article(func(r *pb.IngestArticleRequest) { r.Url = "ftp://news.example/x" }) }, codes.InvalidArgument, "url:"},
		{"get article without id", func() error { _, err := f.articles.GetArticle(rev, &pb.GetArticleRequest{}); return err }, codes.InvalidArgument, "id: required"},
		{"get unknown article", func() error {
			_, err := f.articles.GetArticle(rev, &pb.GetArticleRequest{Id: "0000000000000000"})
			return err
		}, codes.NotFound, "article 0000000000000000 not found"},
		{"list articles, negative page", func() error {
			_, err := f.articles.ListArticles(rev, &pb.ListArticlesRequest{PageSize: -1})
			return err
		}, codes.InvalidArgument, "page_size"},
		{"list claims, garbage token", func() error { _, err := f.claims.ListClaims(rev, &pb.ListClaimsRequest{PageToken: "%%%"}); return err }, codes.InvalidArgument, "page_token: malformed"},
		{"list claims, token of other filters", func() error {
			_, err := f.claims.ListClaims(rev, &pb.ListClaimsRequest{PageToken: otherFilters.GetNextPageToken()})
			return err
		}, codes.InvalidArgument, "page_token"},
		{"list reviewers, garbage token", func() error {
			_, err := f.admin.ListReviewers(adm, &pb.ListReviewersRequest{PageToken: "bm9wZQ"})
			return err
		}, codes.InvalidArgument, "page_token: malformed"},
		{"get claim without id", func() error { _, err := f.claims.GetClaim(rev, &pb.GetClaimRequest{}); return err }, codes.InvalidArgument, "id: required"},
		{"get unknown claim", func() error { _, err := f.claims.GetClaim(rev, &pb.GetClaimRequest{Id: "nope-01"}); return err }, codes.NotFound, "not found"},
		{"vote without claim_id or verdict", func() error {
			return vote(func(r *pb.SubmitReviewRequest) { r.ClaimId, r.Verdict = "", pb.Verdict_VERDICT_UNSPECIFIED })
		}, codes.InvalidArgument, "verdict: required"},
		{"vote, dispute without reason", func() error { return vote(func(r *pb.SubmitReviewRequest) { r.Verdict = pb.Verdict_VERDICT_DISPUTE }) }, codes.InvalidArgument, "reason: required"},
		{"vote, confirm with reason", func() error {
			return vote(func(r *pb.SubmitReviewRequest) { r.Reason = pb.DisputeReason_DISPUTE_REASON_WRONG_DATE })
		}, codes.InvalidArgument, "reason:"},
		{"vote, bad evidence", func() error {
			return vote(func(r *pb.SubmitReviewRequest) { r.EvidenceUrls = []string{"https://a.example/x", "not a url"} })
		}, codes.InvalidArgument, "evidence_urls[1]"},
		{"vote, unknown verdict number", func() error { return vote(func(r *pb.SubmitReviewRequest) { r.Verdict = 42 }) }, codes.InvalidArgument, "verdict"},
		{"list claims, unknown status", func() error { _, err := f.claims.ListClaims(rev, &pb.ListClaimsRequest{Status: 42}); return err }, codes.InvalidArgument, "status: unknown value 42"},
		{"register, request_id reused for another reviewer", func() error {
			_, err := f.admin.RegisterReviewer(adm, &pb.RegisterReviewerRequest{RequestId: "register-rita", Name: "ronald", Role: pb.Role_ROLE_REVIEWER})
			return err
		}, codes.AlreadyExists, "request_id"},
		{"vote on unknown claim", func() error { return vote(func(r *pb.SubmitReviewRequest) { r.ClaimId = "nope-01" }) }, codes.NotFound, "not found"},
		{"vote at a stale version", func() error { return vote(func(r *pb.SubmitReviewRequest) { r.ExpectedVersion = &huge }) }, codes.Aborted, "at version"},
		{"second live vote", func() error {
			_, err := f.claims.SubmitReview(rev, &pb.SubmitReviewRequest{RequestId: "vote-again", ClaimId: id, Verdict: pb.Verdict_VERDICT_CONFIRM})
			return err
		}, codes.FailedPrecondition, "live vote"},
		{"request_id reused on another claim", func() error {
			_, err := f.claims.SubmitReview(rev, &pb.SubmitReviewRequest{RequestId: "vote-1", ClaimId: other, Verdict: pb.Verdict_VERDICT_CONFIRM})
			return err
		}, codes.AlreadyExists, "request_id"},
		{"retract without a vote", func() error {
			_, err := f.claims.RetractReview(ed, &pb.RetractReviewRequest{RequestId: "r", ClaimId: id})
			return err
		}, codes.FailedPrecondition, ""},
		{"reopen without reason", func() error {
			_, err := f.claims.ReopenClaim(ed, &pb.ReopenClaimRequest{RequestId: "r", ClaimId: id})
			return err
		}, codes.InvalidArgument, "reason: required"},
		{"reopen a claim under review", func() error {
			_, err := f.claims.ReopenClaim(ed, &pb.ReopenClaimRequest{RequestId: "r", ClaimId: id, Reason: "x"})
			return err
		}, codes.FailedPrecondition, "under_review"},
		{"dismiss without reason", func() error {
			_, err := f.claims.DismissClaim(ed, &pb.DismissClaimRequest{RequestId: "r", ClaimId: id})
			return err
		}, codes.InvalidArgument, "reason: required"},
		{"dismiss at a stale version", func() error {
			_, err := f.claims.DismissClaim(ed, &pb.DismissClaimRequest{RequestId: "r", ClaimId: id, Reason: "x", ExpectedVersion: &stale})
			return err
		}, codes.Aborted, "at version"},
		{"settle without verdict", func() error {
			_, err := f.claims.SettleClaim(ed, &pb.SettleClaimRequest{RequestId: "r", ClaimId: id})
			return err
		}, codes.InvalidArgument, "verdict: required"},
		{"settle an uncontested claim", func() error {
			_, err := f.claims.SettleClaim(ed, &pb.SettleClaimRequest{RequestId: "r", ClaimId: id, Verdict: pb.Verdict_VERDICT_CONFIRM})
			return err
		}, codes.FailedPrecondition, "illegal transition"},
		{"link a claim to itself", func() error {
			_, err := f.claims.LinkClaims(rev, &pb.LinkClaimsRequest{RequestId: "r", ClaimId: id, OtherClaimId: id})
			return err
		}, codes.InvalidArgument, "other_claim_id: must differ"},
		{"link to an unknown claim", func() error {
			_, err := f.claims.LinkClaims(rev, &pb.LinkClaimsRequest{RequestId: "r", ClaimId: id, OtherClaimId: "nope-01"})
			return err
		}, codes.NotFound, "nope-01"},
		{"history without claim_id", func() error { _, err := f.ledger.GetClaimHistory(aud, &pb.GetClaimHistoryRequest{}); return err }, codes.InvalidArgument, "claim_id: required"},
		{"history of unknown claim", func() error {
			_, err := f.ledger.GetClaimHistory(aud, &pb.GetClaimHistoryRequest{ClaimId: "nope-01"})
			return err
		}, codes.NotFound, "nope-01"},
		{"verify, to before from", func() error {
			_, err := f.ledger.VerifyLedger(aud, &pb.VerifyLedgerRequest{From: 5, To: 2})
			return err
		}, codes.InvalidArgument, "to:"},
		{"register without name and role", func() error {
			_, err := f.admin.RegisterReviewer(adm, &pb.RegisterReviewerRequest{RequestId: "r"})
			return err
		}, codes.InvalidArgument, "name: required; role: required"},
		{"register a long name", func() error {
			_, err := f.admin.RegisterReviewer(adm, &pb.RegisterReviewerRequest{RequestId: "r", Name: strings.Repeat("n", 101), Role: pb.Role_ROLE_REVIEWER})
			return err
		}, codes.InvalidArgument, "name: longer than 100"},
		{"register an existing name", func() error {
			_, err := f.admin.RegisterReviewer(adm, &pb.RegisterReviewerRequest{RequestId: "r", Name: "rita", Role: pb.Role_ROLE_EDITOR})
			return err
		}, codes.AlreadyExists, "rita"},
		{"issue to unknown reviewer", func() error {
			_, err := f.admin.IssueToken(adm, &pb.IssueTokenRequest{RequestId: "r", ReviewerId: "nobody"})
			return err
		}, codes.NotFound, "nobody"},
		{"revoke without reason", func() error {
			_, err := f.admin.RevokeToken(adm, &pb.RevokeTokenRequest{RequestId: "r", TokenId: "t1"})
			return err
		}, codes.InvalidArgument, "reason: required"},
		{"revoke unknown token", func() error {
			_, err := f.admin.RevokeToken(adm, &pb.RevokeTokenRequest{RequestId: "r", TokenId: "t000000000000", Reason: "x"})
			return err
		}, codes.NotFound, "t000000000000"},
	}
	for _, c := range cases {
		wantCode(t, c.name, c.call(), c.code, c.msg)
	}
	if after := f.head(t); after != before {
		t.Errorf("bad input wrote to the ledger: head %d before, %d after", before, after)
	}
	if strings.Contains(f.logs.String(), "level=ERROR") {
		t.Errorf("a caller's mistake was logged as a server error:\n%s", f.logs.String())
	}
}
