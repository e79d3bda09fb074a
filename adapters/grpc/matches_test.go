package grpcadapter

import (
	"context"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/app/viewstest"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestMatches: two articles that share claims are matched on ingest; a
// reviewer lists, accepts and rejects the suggestions; the filters and the
// claim's linked verdicts follow; bad calls get their codes.
func TestMatches(t *testing.T) {
	f := newFixture(t)
	rev, aud := f.as(f.reviewerCred), f.as(f.auditorCred)
	var ins []*pb.IngestArticleResponse
	for i, a := range viewstest.MatchArticles {
		title, body, _ := strings.Cut(a, "\n")
		in, err := f.articles.IngestArticle(rev, &pb.IngestArticleRequest{RequestId: "m" + string(rune('a'+i)), Title: title, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, in)
	}
	with := func(in *pb.IngestArticleResponse, s string) *pb.Claim {
		for _, c := range in.GetClaims() {
			if strings.Contains(c.GetText(), s) {
				return c
			}
		}
		t.Fatalf("no claim with %q", s)
		return nil
	}
	stimA, stimB := with(ins[0], "2 trillion"), with(ins[1], "¥2tn")
	capA, capB := with(ins[0], "344 billion"), with(ins[1], "47.5 billion")
	if m := stimB.GetMatches(); len(m) == 0 || m[0].GetOtherClaimId() != stimA.GetId() || m[0].GetState() != pb.MatchState_MATCH_STATE_SUGGESTED {
		t.Fatalf("ingest answered %s with matches %v", stimB.GetId(), m)
	}

	got, err := f.claims.ListClaimMatches(aud, &pb.ListClaimMatchesRequest{ClaimId: capA.GetId(), MinPosition: ins[1].GetPosition()})
	if err != nil || len(got.GetMatches()) != 1 || got.GetOthers()[0].GetId() != capB.GetId() || got.GetMatches()[0].GetContradiction() == "" ||
		got.GetOthers()[0].GetArticleTitle() == "" {
		t.Fatalf("ListClaimMatches(%s) = %v, %v", capA.GetId(), got, err)
	}
	cross, err := f.claims.ListClaims(rev, &pb.ListClaimsRequest{CrossArticle: true})
	if err != nil || len(cross.GetClaims()) != 2 || !cross.GetClaims()[0].GetFlagged() {
		t.Fatalf("ListClaims(cross_article) = %v, %v", cross, err)
	}

	acc, err := f.claims.AcceptMatch(rev, &pb.AcceptMatchRequest{RequestId: "acc", ClaimId: stimA.GetId(), OtherClaimId: stimB.GetId(), Note: "same package"})
	if err != nil || acc.GetClaim().GetLinkedClaimIds()[0] != stimB.GetId() || acc.GetClaim().GetMatches()[0].GetState() != pb.MatchState_MATCH_STATE_ACCEPTED {
		t.Fatalf("AcceptMatch = %v, %v", acc, err)
	}
	if _, err := f.claims.RejectMatch(rev, &pb.RejectMatchRequest{RequestId: "rej", ClaimId: capB.GetId(), OtherClaimId: capA.GetId()}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		err  error
		code codes.Code
	}{
		{"accept again", call(f.claims.AcceptMatch(rev, &pb.AcceptMatchRequest{RequestId: "acc2", ClaimId: stimB.GetId(), OtherClaimId: stimA.GetId()})), codes.FailedPrecondition},
		{"accept rejected", call(f.claims.AcceptMatch(rev, &pb.AcceptMatchRequest{RequestId: "acc3", ClaimId: capA.GetId(), OtherClaimId: capB.GetId()})), codes.FailedPrecondition},
		{"never suggested", call(f.claims.RejectMatch(rev, &pb.RejectMatchRequest{RequestId: "rej2", ClaimId: stimA.GetId(), OtherClaimId: capB.GetId()})), codes.FailedPrecondition},
		{"itself", call(f.claims.AcceptMatch(rev, &pb.AcceptMatchRequest{RequestId: "acc4", ClaimId: stimA.GetId(), OtherClaimId: stimA.GetId()})), codes.InvalidArgument},
		{"no request id", call(f.claims.RejectMatch(rev, &pb.RejectMatchRequest{ClaimId: stimA.GetId(), OtherClaimId: stimB.GetId()})), codes.InvalidArgument},
		{"unknown claim", call(f.claims.AcceptMatch(rev, &pb.AcceptMatchRequest{RequestId: "acc5", ClaimId: "nope-1", OtherClaimId: stimB.GetId()})), codes.NotFound},
		{"auditor", call(f.claims.AcceptMatch(aud, &pb.AcceptMatchRequest{RequestId: "acc6", ClaimId: capA.GetId(), OtherClaimId: capB.GetId()})), codes.PermissionDenied},
		{"matches of bad id", call(f.claims.ListClaimMatches(rev, &pb.ListClaimMatchesRequest{ClaimId: "a b"})), codes.InvalidArgument},
	} {
		if status.Code(c.err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, c.err, c.code)
		}
	}

	// A verdict on one copy travels to the other.
	for i, ctx := range []context.Context{rev, f.as(f.editorCred)} { // a quorum of two
		_, err := f.claims.SubmitReview(ctx, &pb.SubmitReviewRequest{RequestId: "v" + string(rune('0'+i)), ClaimId: stimA.GetId(),
			Verdict: pb.Verdict_VERDICT_CONFIRM, EvidenceUrls: []string{"https://example.org/a"}})
		if err != nil {
			t.Fatal(err)
		}
	}
	elsewhere, err := f.claims.ListClaims(rev, &pb.ListClaimsRequest{VerdictElsewhere: pb.ClaimStatus_CLAIM_STATUS_CONFIRMED})
	if err != nil || len(elsewhere.GetClaims()) != 1 || elsewhere.GetClaims()[0].GetId() != stimB.GetId() {
		t.Fatalf("ListClaims(verdict_elsewhere confirmed) = %v, %v", elsewhere, err)
	}
	b, err := f.claims.GetClaim(rev, &pb.GetClaimRequest{Id: stimB.GetId()})
	if lv := b.GetClaim().GetLinkedVerdicts(); err != nil || len(lv) != 1 || lv[0].GetStatus() != pb.ClaimStatus_CLAIM_STATUS_CONFIRMED {
		t.Fatalf("GetClaim(%s) linked verdicts = %v, %v", stimB.GetId(), lv, err)
	}
}

func call[T any](_ T, err error) error { return err }
