package grpcadapter

import (
	"fmt"
	"math"
	"strings"
	"testing"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestIDs_validatedAlike sends malformed and well-formed but absent ids to
// every RPC that takes an id: a malformed id is INVALID_ARGUMENT naming the
// field the request calls it, without quoting it back; a well-formed one
// that names nothing is NOT_FOUND for a lookup and an empty result for a
// filter.
func TestIDs_validatedAlike(t *testing.T) {
	f := newFixtureWith(t, func(c *Config) { c.RateLimit = math.Inf(1) })
	ingested := f.ingest(t)
	claimID, articleID := ingested.GetClaims()[0].GetId(), ingested.GetArticle().GetId()
	adm := f.as(f.adminCred)
	seq := 0
	rid := func() string { seq++; return fmt.Sprintf("ids-%d", seq) }
	confirm := pb.Verdict_VERDICT_CONFIRM
	export := func(id string) error {
		s, err := f.ledger.ExportClaims(adm, &pb.ExportClaimsRequest{ArticleId: id})
		if err != nil {
			return err
		}
		_, err = s.Recv()
		if err != nil && err.Error() == "EOF" {
			return nil
		}
		return err
	}
	rpcs := []struct {
		rpc, field string
		lookup     bool // false: a filter, or a name that registers
		call       func(id string) error
	}{
		{"GetArticle", "id", true, func(id string) error { _, err := f.articles.GetArticle(adm, &pb.GetArticleRequest{Id: id}); return err }},
		{"GetClaim", "id", true, func(id string) error { _, err := f.claims.GetClaim(adm, &pb.GetClaimRequest{Id: id}); return err }},
		{"ListClaims", "article_id", false, func(id string) error {
			_, err := f.claims.ListClaims(adm, &pb.ListClaimsRequest{ArticleId: id})
			return err
		}},
		{"ListClaims", "reviewer", false, func(id string) error {
			_, err := f.claims.ListClaims(adm, &pb.ListClaimsRequest{Reviewer: id})
			return err
		}},
		{"SubmitReview", "claim_id", true, func(id string) error {
			_, err := f.claims.SubmitReview(adm, &pb.SubmitReviewRequest{RequestId: rid(), ClaimId: id, Verdict: confirm})
			return err
		}},
		{"RetractReview", "claim_id", true, func(id string) error {
			_, err := f.claims.RetractReview(adm, &pb.RetractReviewRequest{RequestId: rid(), ClaimId: id})
			return err
		}},
		{"ReopenClaim", "claim_id", true, func(id string) error {
			_, err := f.claims.ReopenClaim(adm, &pb.ReopenClaimRequest{RequestId: rid(), ClaimId: id, Reason: "r"})
			return err
		}},
		{"DismissClaim", "claim_id", true, func(id string) error {
			_, err := f.claims.DismissClaim(adm, &pb.DismissClaimRequest{RequestId: rid(), ClaimId: id, Reason: "r"})
			return err
		}},
		{"SettleClaim", "claim_id", true, func(id string) error {
			_, err := f.claims.SettleClaim(adm, &pb.SettleClaimRequest{RequestId: rid(), ClaimId: id, Verdict: confirm})
			return err
		}},
		{"LinkClaims", "claim_id", true, func(id string) error {
			_, err := f.claims.LinkClaims(adm, &pb.LinkClaimsRequest{RequestId: rid(), ClaimId: id, OtherClaimId: claimID})
			return err
		}},
		{"LinkClaims", "other_claim_id", true, func(id string) error {
			_, err := f.claims.LinkClaims(adm, &pb.LinkClaimsRequest{RequestId: rid(), ClaimId: claimID, OtherClaimId: id})
			return err
		}},
		{"AddClaim", "article_id", true, func(id string) error {
			_, err := f.claims.AddClaim(adm, &pb.AddClaimRequest{RequestId: rid(), ArticleId: id,
				Kind: pb.ClaimKind_CLAIM_KIND_PERCENTAGE, Text: "a figure"})
			return err
		}},
		{"CorrectClaim", "claim_id", true, func(id string) error {
			_, err := f.claims.CorrectClaim(adm, &pb.CorrectClaimRequest{RequestId: rid(), ClaimId: id,
				Kind: pb.ClaimKind_CLAIM_KIND_PERCENTAGE})
			return err
		}},
		{"ReextractArticles", "article_ids[1]", true, func(id string) error {
			_, err := f.articles.ReextractArticles(adm, &pb.ReextractArticlesRequest{RequestId: rid(),
				ArticleIds: []string{articleID, id}, DryRun: true})
			return err
		}},
		{"GetClaimHistory", "claim_id", true, func(id string) error {
			_, err := f.ledger.GetClaimHistory(adm, &pb.GetClaimHistoryRequest{ClaimId: id})
			return err
		}},
		{"ExportClaims", "article_id", false, export},
		{"RegisterReviewer", "name", false, func(id string) error {
			_, err := f.admin.RegisterReviewer(adm, &pb.RegisterReviewerRequest{RequestId: rid(), Name: id, Role: pb.Role_ROLE_REVIEWER})
			return err
		}},
		{"IssueToken", "reviewer_id", true, func(id string) error {
			_, err := f.admin.IssueToken(adm, &pb.IssueTokenRequest{RequestId: rid(), ReviewerId: id})
			return err
		}},
		{"RevokeToken", "token_id", true, func(id string) error {
			_, err := f.admin.RevokeToken(adm, &pb.RevokeTokenRequest{RequestId: rid(), TokenId: id, Reason: "r"})
			return err
		}},
	}
	long := strings.Repeat("x", 10_000)
	malformed := []string{"a b", "a\x01b", "a/b", "ñandú", "claim:1", long}
	for _, r := range rpcs {
		name := r.rpc + "." + r.field
		before := f.head(t)
		for _, id := range malformed {
			st := status.Convert(r.call(id))
			msg := st.Message()
			switch {
			case st.Code() != codes.InvalidArgument || !strings.HasPrefix(msg, r.field+": "):
				t.Errorf("%s %.20q: %v %q, want INVALID_ARGUMENT naming %s", name, id, st.Code(), truncate(msg, 80), r.field)
			case strings.Contains(msg, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") || len(msg) > 200:
				t.Errorf("%s: a %d-byte id is echoed back in %d bytes", name, len(id), len(msg))
			}
		}
		if after := f.head(t); after != before {
			t.Errorf("%s: malformed ids wrote: head %d → %d", name, before, after)
		}
		absent := "nope-99"
		if r.rpc == "RegisterReviewer" {
			absent = "newcomer" // registered, so not the absent id of the lookups
		}
		err := r.call(absent)
		switch {
		case r.lookup && (status.Code(err) != codes.NotFound || !strings.Contains(status.Convert(err).Message(), absent)):
			t.Errorf("%s %q: %v, want NOT_FOUND naming it", name, absent, err)
		case !r.lookup && err != nil:
			t.Errorf("%s %q: %v, want OK", name, absent, err)
		}
	}
}
