package grpcadapter

import (
	"strings"
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/extract"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
)

// fixedExtractor finds exactly the given (kind, text) claims in euroBody,
// so the test does not hang on what today's rules find.
func fixedExtractor(t *testing.T, version string, claims ...[2]string) app.Extractor {
	t.Helper()
	var found []extract.Claim
	for _, c := range claims {
		i := strings.Index(euroBody, c[1])
		if i < 0 {
			t.Fatalf("%q not in euroBody", c[1])
		}
		found = append(found, extract.Claim{Kind: extract.Kind(c[0]), Text: c[1], Part: extract.PartBody, Start: i, End: i + len(c[1]),
			Sentence: c[1], Checks: []extract.Check{}})
	}
	return app.Extractor{Version: version, Extract: func(extract.Article) ([]extract.Claim, error) { return found, nil }}
}

func TestReextractArticles(t *testing.T) {
	f := newFixture(t)
	f.cmds.Extractor = fixedExtractor(t, "2026.1.1", [2]string{"money", "€4 million"})
	aid := f.ingestEuro(t)
	f.cmds.Extractor = fixedExtractor(t, "2026.12.1", [2]string{"money", "€4 million in May"}, [2]string{"event", "The fund doubles"})
	ed := f.as(f.editorCred)
	req := &pb.ReextractArticlesRequest{RequestId: "re", ArticleIds: []string{aid}, DryRun: true}
	_, err := f.articles.ReextractArticles(f.as(f.reviewerCred), req)
	wantCode(t, "reviewer", err, codes.PermissionDenied, "reextract")
	_, err = f.articles.ReextractArticles(ed, &pb.ReextractArticlesRequest{RequestId: "x"})
	wantCode(t, "no articles", err, codes.InvalidArgument, "article_ids")
	_, err = f.articles.ReextractArticles(ed, &pb.ReextractArticlesRequest{RequestId: "x", ArticleIds: []string{"0123456789abcdef"}})
	wantCode(t, "unknown article", err, codes.NotFound, "article")

	h := f.head(t)
	dry, err := f.articles.ReextractArticles(ed, req)
	if err != nil || len(dry.GetChanges()) != 2 || dry.GetPosition() != 0 || f.head(t) != h || dry.GetExtractorVersion() != "2026.12.1" {
		t.Fatalf("dry run = %v, %v (head %d, was %d)", dry, err, f.head(t), h)
	}
	req.DryRun, req.ArticleIds, req.All = false, nil, true
	done, err := f.articles.ReextractArticles(ed, req)
	// Three events: the correction, the new claim, and the deferral of its
	// matching.
	if err != nil || len(done.GetChanges()) != 2 || f.head(t) != h+3 || done.GetArticles() != 1 {
		t.Fatalf("run = %v, %v (head %d, was %d)", done, err, f.head(t), h)
	}
	corr, add := done.GetChanges()[0], done.GetChanges()[1]
	if corr.GetAction() != pb.ReextractChange_ACTION_CORRECT || corr.GetFromText() != "€4 million" || corr.GetText() != "€4 million in May" ||
		add.GetAction() != pb.ReextractChange_ACTION_ADD || add.GetKind() != pb.ClaimKind_CLAIM_KIND_EVENT {
		t.Errorf("changes = %v", done.GetChanges())
	}
	again, err := f.articles.ReextractArticles(ed, req)
	if err != nil || len(again.GetChanges()) != 0 || f.head(t) != h+3 {
		t.Errorf("again = %v, %v", again, err)
	}
	c, err := f.claims.GetClaim(ed, &pb.GetClaimRequest{Id: add.GetClaimId(), MinPosition: done.GetPosition()})
	if err != nil || c.GetClaim().GetExtractorVersion() != "2026.12.1" || c.GetClaim().GetOrigin() != pb.ClaimOrigin_CLAIM_ORIGIN_EXTRACTED {
		t.Errorf("new claim = %v, %v", c, err)
	}
	m, err := f.claims.GetClaim(ed, &pb.GetClaimRequest{Id: corr.GetClaimId()})
	if err != nil || m.GetClaim().GetText() != "€4 million in May" || m.GetClaim().GetExtractorVersion() != "2026.1.1" {
		t.Errorf("re-extracted claim = %v, %v", m, err)
	}
}
