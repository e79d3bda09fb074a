package grpcadapter

import (
	"context"
	"io"
	"strings"
	"testing"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestHappyPath calls every RPC once, the way a newsroom would: ingest,
// read, review, settle, reopen, dismiss, link, audit, export, watch.
func TestHappyPath(t *testing.T) {
	f := newFixture(t)
	rev, ed, aud := f.as(f.reviewerCred), f.as(f.editorCred), f.as(f.auditorCred)

	in := f.ingest(t)
	art := in.GetArticle()
	if in.GetAlreadyIngested() || art.GetTitle() != testTitle || art.GetPublished() != testPublished ||
		art.GetClaimCount() != uint32(len(in.GetClaims())) || art.GetVersion() != 1 || len(art.GetContentHash()) != 64 {
		t.Fatalf("IngestArticle: %+v", in)
	}
	var money, flagged *pb.Claim
	for _, c := range in.GetClaims() {
		if c.GetKind() == pb.ClaimKind_CLAIM_KIND_MONEY && strings.Contains(c.GetText(), "3 trillion yuan") {
			money = c
		}
		if c.GetFlagged() {
			flagged = c
		}
		if c.GetArticleTitle() != testTitle || c.GetStatus() != pb.ClaimStatus_CLAIM_STATUS_EXTRACTED ||
			string(testPartOf(c)[c.GetStart():c.GetEnd()]) != c.GetText() {
			t.Errorf("claim %s: %+v", c.GetId(), c)
		}
	}
	if money == nil || money.GetNormalized() == nil {
		t.Fatalf("no money claim with a normalized value among %v", in.GetClaims())
	}
	if flagged == nil {
		t.Errorf("no claim flagged for the 2026 headline over the 2025 plan")
	}
	again, err := f.articles.IngestArticle(rev, &pb.IngestArticleRequest{RequestId: "ingest-1", Title: testTitle,
		Body: testBody, Url: "https://news.example/lakeshire-package", Published: testPublished})
	if err != nil || !again.GetAlreadyIngested() || again.GetPosition() != in.GetPosition() || again.GetArticle().GetId() != art.GetId() {
		t.Errorf("IngestArticle retried: %+v %v", again, err)
	}

	if got, err := f.articles.GetArticle(rev, &pb.GetArticleRequest{Id: art.GetId(), MinPosition: in.GetPosition()}); err != nil || got.GetArticle().GetId() != art.GetId() {
		t.Errorf("GetArticle: %v %v", got, err)
	}
	if got, err := f.articles.ListArticles(rev, &pb.ListArticlesRequest{}); err != nil || len(got.GetArticles()) != 1 || got.GetNextPageToken() != "" {
		t.Errorf("ListArticles: %v %v", got, err)
	}
	// Page through the claims one at a time.
	var listed []string
	for token := ""; ; {
		page, err := f.claims.ListClaims(rev, &pb.ListClaimsRequest{ArticleId: art.GetId(), PageSize: 1, PageToken: token})
		if err != nil {
			t.Fatalf("ListClaims: %v", err)
		}
		for _, c := range page.GetClaims() {
			listed = append(listed, c.GetId())
		}
		if token = page.GetNextPageToken(); token == "" {
			break
		}
	}
	if len(listed) != len(in.GetClaims()) {
		t.Errorf("ListClaims paged %d claims, want %d", len(listed), len(in.GetClaims()))
	}

	id, other := money.GetId(), in.GetClaims()[len(in.GetClaims())-1].GetId()
	if id == other {
		other = in.GetClaims()[0].GetId()
	}
	v := money.GetVersion()
	sub, err := f.claims.SubmitReview(rev, &pb.SubmitReviewRequest{RequestId: "vote-1", ClaimId: id, ExpectedVersion: &v,
		Verdict: pb.Verdict_VERDICT_CONFIRM, EvidenceUrls: []string{"https://stats.example/lakeshire"}, Note: "matches the budget"})
	if err != nil || sub.GetClaim().GetStatus() != pb.ClaimStatus_CLAIM_STATUS_UNDER_REVIEW || sub.GetVersion() <= v ||
		sub.GetClaim().GetTallies().GetConfirm() != 1 || sub.GetClaim().GetVersion() != sub.GetVersion() {
		t.Fatalf("SubmitReview: %v %v", sub, err)
	}
	ret, err := f.claims.RetractReview(rev, &pb.RetractReviewRequest{RequestId: "retract-1", ClaimId: id, Reason: "wrong claim"})
	if err != nil || len(ret.GetClaim().GetVotes()) != 0 {
		t.Fatalf("RetractReview: %v %v", ret, err)
	}
	mustVote(t, f, rev, "vote-2", id, pb.Verdict_VERDICT_CONFIRM, 0)
	c := mustVote(t, f, ed, "vote-3", id, pb.Verdict_VERDICT_DISPUTE, pb.DisputeReason_DISPUTE_REASON_WRONG_VALUE)
	if c.GetStatus() != pb.ClaimStatus_CLAIM_STATUS_CONTESTED {
		t.Fatalf("two different verdicts: %v, want CONTESTED", c.GetStatus())
	}
	set, err := f.claims.SettleClaim(ed, &pb.SettleClaimRequest{RequestId: "settle-1", ClaimId: id, Verdict: pb.Verdict_VERDICT_CONFIRM, Note: "ministry release"})
	if err != nil || set.GetClaim().GetStatus() != pb.ClaimStatus_CLAIM_STATUS_CONFIRMED || !strings.Contains(set.GetClaim().GetStatusReason(), "ministry release") {
		t.Fatalf("SettleClaim: %v %v", set, err)
	}
	re, err := f.claims.ReopenClaim(ed, &pb.ReopenClaimRequest{RequestId: "reopen-1", ClaimId: id, Reason: "new figures"})
	if err != nil || re.GetClaim().GetStatus() != pb.ClaimStatus_CLAIM_STATUS_UNDER_REVIEW {
		t.Fatalf("ReopenClaim: %v %v", re, err)
	}
	link, err := f.claims.LinkClaims(rev, &pb.LinkClaimsRequest{RequestId: "link-1", ClaimId: id, OtherClaimId: other})
	if err != nil || len(link.GetClaim().GetLinkedClaimIds()) != 1 || link.GetClaim().GetLinkedClaimIds()[0] != other {
		t.Fatalf("LinkClaims: %v %v", link, err)
	}
	dis, err := f.claims.DismissClaim(ed, &pb.DismissClaimRequest{RequestId: "dismiss-1", ClaimId: other, Reason: "not a claim"})
	if err != nil || dis.GetClaim().GetStatus() != pb.ClaimStatus_CLAIM_STATUS_DISMISSED {
		t.Fatalf("DismissClaim: %v %v", dis, err)
	}
	if got, err := f.claims.GetClaim(rev, &pb.GetClaimRequest{Id: id, MinPosition: dis.GetPosition()}); err != nil || got.GetClaim().GetVersion() != link.GetVersion() {
		t.Errorf("GetClaim: %v %v", got, err)
	}
	// Without min_position a read still sees every acknowledged write.
	if got, err := f.claims.GetClaim(rev, &pb.GetClaimRequest{Id: other}); err != nil || got.GetClaim().GetStatus() != pb.ClaimStatus_CLAIM_STATUS_DISMISSED {
		t.Errorf("GetClaim right after DismissClaim: %v %v", got, err)
	}
	if _, err := f.claims.GetClaim(rev, &pb.GetClaimRequest{Id: id, MinPosition: dis.GetPosition() + 1000}); status.Code(err) != codes.OutOfRange {
		t.Errorf("GetClaim past the end of the log = %v, want OUT_OF_RANGE", err)
	}

	hist, err := f.ledger.GetClaimHistory(aud, &pb.GetClaimHistoryRequest{ClaimId: id})
	if err != nil || uint64(len(hist.GetEvents())) != link.GetVersion() {
		t.Fatalf("GetClaimHistory: %d events, %v; want %d", len(hist.GetEvents()), err, link.GetVersion())
	}
	for i, e := range hist.GetEvents() {
		if e.GetVersion() != uint64(i+1) || len(e.GetHash()) != 64 || len(e.GetPrevHash()) != 64 || !strings.HasPrefix(e.GetPayloadJson(), "{") {
			t.Errorf("history event %d: %+v", i, e)
		}
	}
	ver, err := f.ledger.VerifyLedger(aud, &pb.VerifyLedgerRequest{})
	if err != nil || !ver.GetOk() || ver.GetChecked() != f.head(t) || ver.GetFirstBadPosition() != 0 {
		t.Errorf("VerifyLedger: %v %v (head %d)", ver, err, f.head(t))
	}

	exp, err := f.ledger.ExportClaims(aud, &pb.ExportClaimsRequest{ArticleId: art.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		_, err := exp.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("ExportClaims: %v", err)
		}
		n++
	}
	if n != len(in.GetClaims()) {
		t.Errorf("ExportClaims sent %d claims, want %d", n, len(in.GetClaims()))
	}

	ctx, cancel := context.WithCancel(rev)
	defer cancel()
	watch, err := f.ledger.WatchEvents(ctx, &pb.WatchEventsRequest{AfterPosition: 1})
	if err != nil {
		t.Fatal(err)
	}
	for want := uint64(2); want <= 4; want++ {
		e, err := watch.Recv()
		if err != nil || e.GetEvent().GetPosition() != want {
			t.Fatalf("WatchEvents: %v %v, want position %d", e, err, want)
		}
	}
	cancel()

	list, err := f.admin.ListReviewers(f.as(f.adminCred), &pb.ListReviewersRequest{PageSize: 2})
	if err != nil || len(list.GetReviewers()) != 2 || list.GetNextPageToken() == "" {
		t.Fatalf("ListReviewers: %v %v", list, err)
	}
	rest, err := f.admin.ListReviewers(f.as(f.adminCred), &pb.ListReviewersRequest{PageToken: list.GetNextPageToken()})
	if err != nil || len(rest.GetReviewers()) != 2 || rest.GetNextPageToken() != "" { // admin, audrey | eddie, rita
		t.Errorf("ListReviewers, page 2: %v %v", rest, err)
	}
	if !strings.Contains(f.logs.String(), "request_id=vote-1") {
		t.Errorf("the call log lacks the request id")
	}
}

func testPartOf(c *pb.Claim) string {
	if c.GetPart() == pb.ClaimPart_CLAIM_PART_TITLE {
		return testTitle
	}
	return testBody
}

func mustVote(t *testing.T, f *fixture, ctx context.Context, req, id string, v pb.Verdict, r pb.DisputeReason) *pb.Claim {
	t.Helper()
	resp, err := f.claims.SubmitReview(ctx, &pb.SubmitReviewRequest{RequestId: req, ClaimId: id, Verdict: v, Reason: r})
	if err != nil {
		t.Fatalf("SubmitReview %s: %v", req, err)
	}
	return resp.GetClaim()
}
