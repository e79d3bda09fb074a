package grpcadapter

import (
	"strings"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/domain/extract"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// euroTitle and euroBody are written for these tests: "€" is three bytes,
// so a byte offset can fall inside a character.
const (
	euroTitle = "Dunmore fund reaches €4 million"
	euroBody  = "The Dunmore harbour fund reached €4 million in May, the port authority said.\nThe fund doubles in a year.\n"
)

func u32(i int) *uint32 { v := uint32(i); return &v }

func (f *fixture) ingestEuro(t *testing.T) string {
	t.Helper()
	resp, err := f.articles.IngestArticle(f.as(f.reviewerCred), &pb.IngestArticleRequest{RequestId: "ingest-euro",
		Title: euroTitle, Body: euroBody})
	if err != nil {
		t.Fatal(err)
	}
	return resp.GetArticle().GetId()
}

func TestAddClaim(t *testing.T) {
	f := newFixture(t)
	aid := f.ingestEuro(t)
	rev := f.as(f.reviewerCred)
	text := euroTitle + "\n" + euroBody
	event := "The fund doubles in a year"
	at := strings.Index(text, event)
	req := &pb.AddClaimRequest{RequestId: "add-1", ArticleId: aid, Kind: pb.ClaimKind_CLAIM_KIND_EVENT,
		Start: u32(at), End: u32(at + len(event)), Text: event, Note: "missed"}
	resp, err := f.claims.AddClaim(rev, req)
	if err != nil {
		t.Fatal(err)
	}
	c := resp.GetClaim()
	if c.GetOrigin() != pb.ClaimOrigin_CLAIM_ORIGIN_ADDED || c.GetAddedBy() != "rita" || c.GetText() != event ||
		c.GetPart() != pb.ClaimPart_CLAIM_PART_BODY || c.GetStatus() != pb.ClaimStatus_CLAIM_STATUS_EXTRACTED || resp.GetVersion() != 1 {
		t.Fatalf("added claim = %v", c)
	}
	// A retry: the first answer, nothing written.
	h := f.head(t)
	again, err := f.claims.AddClaim(rev, req)
	if err != nil || again.GetClaim().GetId() != c.GetId() || again.GetPosition() != resp.GetPosition() || f.head(t) != h {
		t.Fatalf("retry = %v, %v (head %d, was %d)", again, err, f.head(t), h)
	}
	// The same span and kind again: AlreadyExists, naming the claim.
	_, err = f.claims.AddClaim(rev, &pb.AddClaimRequest{RequestId: "add-2", ArticleId: aid, Kind: pb.ClaimKind_CLAIM_KIND_EVENT, Text: event})
	wantCode(t, "duplicate", err, codes.AlreadyExists, c.GetId())

	// Visible in the views, the history and the export.
	got, err := f.claims.GetClaim(f.as(f.auditorCred), &pb.GetClaimRequest{Id: c.GetId()})
	if err != nil || got.GetClaim().GetOrigin() != pb.ClaimOrigin_CLAIM_ORIGIN_ADDED {
		t.Errorf("GetClaim = %v, %v", got, err)
	}
	hist, err := f.ledger.GetClaimHistory(f.as(f.auditorCred), &pb.GetClaimHistoryRequest{ClaimId: c.GetId()})
	if err != nil || len(hist.GetEvents()) != 1 || hist.GetEvents()[0].GetType() != "claim.added" || hist.GetEvents()[0].GetActor() != "rita" {
		t.Errorf("history = %v, %v", hist, err)
	}
	stream, err := f.ledger.ExportClaims(rev, &pb.ExportClaimsRequest{ArticleId: aid})
	if err != nil {
		t.Fatal(err)
	}
	exported := false
	for {
		r, err := stream.Recv()
		if err != nil {
			break
		}
		exported = exported || r.GetClaim().GetId() == c.GetId()
	}
	if !exported {
		t.Errorf("the added claim is not exported")
	}
	art, err := f.articles.GetArticle(rev, &pb.GetArticleRequest{Id: aid, IncludeText: true})
	if err != nil || art.GetArticle().GetText() != text {
		t.Errorf("article text = %q, %v", art.GetArticle().GetText(), err)
	}

	// Roles: an auditor reads, never adds.
	_, err = f.claims.AddClaim(f.as(f.auditorCred), &pb.AddClaimRequest{RequestId: "add-3", ArticleId: aid, Kind: pb.ClaimKind_CLAIM_KIND_EVENT, Text: "harbour fund"})
	wantCode(t, "auditor", err, codes.PermissionDenied, "add_claim")
}

func TestAddClaim_badSpans(t *testing.T) {
	f := newFixture(t)
	aid := f.ingestEuro(t)
	rev := f.as(f.reviewerCred)
	text := euroTitle + "\n" + euroBody
	euro := strings.Index(text, "€")
	h := f.head(t)
	cases := []struct {
		name       string
		text       string
		start, end *uint32
		msg        string
	}{
		{"out of range", "", u32(0), u32(len(text) + 1), "outside"},
		{"inside a character", "", u32(euro + 1), u32(euro + 5), "inside a UTF-8 character"},
		{"text mismatch", "€5 million", u32(euro), u32(euro + len("€4 million")), "not \"€5 million\""},
		{"empty", "", u32(euro), u32(euro), "not after start"},
		{"across the headline", "", u32(len(euroTitle) - 3), u32(len(euroTitle) + 4), "crosses the line break"},
		{"only start", "€4", u32(euro), nil, "end: required"},
		{"absent", "€5 million", nil, nil, "does not occur"},
		{"ambiguous", "€4 million", nil, nil, "occurs 2 times"},
		{"nothing", "", nil, nil, "text: required"},
	}
	for _, c := range cases {
		_, err := f.claims.AddClaim(rev, &pb.AddClaimRequest{RequestId: "bad-" + c.name, ArticleId: aid,
			Kind: pb.ClaimKind_CLAIM_KIND_MONEY, Text: c.text, Start: c.start, End: c.end})
		wantCode(t, c.name, err, codes.InvalidArgument, c.msg)
	}
	_, err := f.claims.AddClaim(rev, &pb.AddClaimRequest{RequestId: "no-kind", ArticleId: aid, Text: "harbour"})
	wantCode(t, "no kind", err, codes.InvalidArgument, "kind: required")
	_, err = f.claims.AddClaim(rev, &pb.AddClaimRequest{RequestId: "no-article", ArticleId: "0123456789abcdef", Kind: pb.ClaimKind_CLAIM_KIND_MONEY, Text: "x"})
	wantCode(t, "unknown article", err, codes.NotFound, "article")
	if f.head(t) != h {
		t.Errorf("bad adds wrote: head %d, was %d", f.head(t), h)
	}
}

// Two reviewers add the same claim at once: one wins, the other is told
// it exists, and the claim is recorded once.
func TestAddClaim_concurrently(t *testing.T) {
	f := newFixture(t)
	aid := f.ingestEuro(t)
	h := f.head(t)
	creds := []string{f.reviewerCred, f.editorCred}
	errs := make([]error, len(creds))
	var wg sync.WaitGroup
	for i, cred := range creds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.claims.AddClaim(f.as(cred), &pb.AddClaimRequest{RequestId: "same-span", ArticleId: aid,
				Kind: pb.ClaimKind_CLAIM_KIND_EVENT, Text: "The fund doubles in a year"})
		}()
	}
	wg.Wait()
	ok, exists := 0, 0
	for _, err := range errs {
		switch status.Code(err) {
		case codes.OK:
			ok++
		case codes.AlreadyExists:
			exists++
		default:
			t.Errorf("err = %v", err)
		}
	}
	// The claim once, and the deferral of its matching.
	if ok != 1 || exists != 1 || f.head(t) != h+2 {
		t.Errorf("%d won, %d refused, %d events written; want 1, 1, 2", ok, exists, f.head(t)-h)
	}
}

func TestCorrectClaim(t *testing.T) {
	f := newFixture(t)
	aid := f.ingestEuro(t)
	add, err := f.claims.AddClaim(f.as(f.reviewerCred), &pb.AddClaimRequest{RequestId: "a", ArticleId: aid,
		Kind: pb.ClaimKind_CLAIM_KIND_EVENT, Text: "fund doubles"})
	if err != nil {
		t.Fatal(err)
	}
	id := add.GetClaim().GetId()
	req := &pb.CorrectClaimRequest{RequestId: "c", ClaimId: id, ExpectedVersion: ptrU64(1),
		Kind: pb.ClaimKind_CLAIM_KIND_COMPARISON, Text: "The fund doubles in a year", Note: "a change over time"}
	_, err = f.claims.CorrectClaim(f.as(f.reviewerCred), req)
	wantCode(t, "reviewer", err, codes.PermissionDenied, "correct")
	resp, err := f.claims.CorrectClaim(f.as(f.editorCred), req)
	if err != nil {
		t.Fatal(err)
	}
	c := resp.GetClaim()
	if c.GetKind() != pb.ClaimKind_CLAIM_KIND_COMPARISON || c.GetText() != req.GetText() || c.GetCorrections() != 1 ||
		c.GetExtractedKind() != pb.ClaimKind_CLAIM_KIND_EVENT || resp.GetVersion() != 2 {
		t.Fatalf("corrected = %v", c)
	}
	again, err := f.claims.CorrectClaim(f.as(f.editorCred), req)
	if err != nil || again.GetVersion() != 2 {
		t.Errorf("retry = %v, %v", again, err)
	}
	_, err = f.claims.CorrectClaim(f.as(f.editorCred), &pb.CorrectClaimRequest{RequestId: "c2", ClaimId: id,
		ExpectedVersion: ptrU64(1), Kind: pb.ClaimKind_CLAIM_KIND_EVENT})
	wantCode(t, "stale", err, codes.Aborted, "version 2")
	_, err = f.claims.CorrectClaim(f.as(f.editorCred), &pb.CorrectClaimRequest{RequestId: "c3", ClaimId: id})
	wantCode(t, "nothing", err, codes.InvalidArgument, "nothing to correct")
	hist, err := f.ledger.GetClaimHistory(f.as(f.auditorCred), &pb.GetClaimHistoryRequest{ClaimId: id})
	if err != nil || len(hist.GetEvents()) != 2 || hist.GetEvents()[1].GetType() != "claim.corrected" || hist.GetEvents()[1].GetActor() != "eddie" {
		t.Errorf("history = %v, %v", hist, err)
	}
}

func ptrU64(v uint64) *uint64 { return &v }

// The stats count what reviewers did with what the extractor found.
func TestExtractionStats(t *testing.T) {
	f := newFixture(t)
	ing := f.ingest(t)
	ed := f.as(f.editorCred)
	first := ing.GetClaims()[0]
	dis, err := f.claims.DismissClaim(ed, &pb.DismissClaimRequest{RequestId: "d", ClaimId: first.GetId(),
		Reason: "background", ReasonCode: pb.DismissCode_DISMISS_CODE_NOT_A_CLAIM})
	if err != nil {
		t.Fatal(err)
	}
	if c := dis.GetClaim(); c.GetDismissCode() != pb.DismissCode_DISMISS_CODE_NOT_A_CLAIM || c.GetStatusReason() != "dismissal by eddie as not_a_claim: background" {
		t.Errorf("dismissed = %v", c)
	}
	_, err = f.claims.DismissClaim(ed, &pb.DismissClaimRequest{RequestId: "d2", ClaimId: ing.GetClaims()[1].GetId(),
		Reason: "x", ReasonCode: pb.DismissCode(42)})
	wantCode(t, "unknown code", err, codes.InvalidArgument, "reason_code")
	add, err := f.claims.AddClaim(f.as(f.reviewerCred), &pb.AddClaimRequest{RequestId: "a", ArticleId: ing.GetArticle().GetId(),
		Kind: first.GetKind(), Text: "rail lines and power grids"})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := f.claims.GetExtractionStats(f.as(f.auditorCred), &pb.GetExtractionStatsRequest{MinPosition: add.GetPosition()})
	if err != nil {
		t.Fatal(err)
	}
	var row *pb.ExtractionStat
	extracted := 0
	for _, r := range resp.GetStats() {
		if r.GetExtractorVersion() != extract.Version {
			t.Errorf("row of version %q", r.GetExtractorVersion())
		}
		extracted += int(r.GetExtracted())
		if r.GetKind() == first.GetKind() {
			row = r
		}
	}
	if extracted != len(ing.GetClaims()) || row == nil || row.GetDismissedNotAClaim() != 1 || row.GetAdded() != 1 {
		t.Fatalf("stats = %v", resp.GetStats())
	}
	n := float64(row.GetExtracted())
	if row.Precision == nil || row.GetPrecision() != 1-1/n || row.Recall == nil || row.GetRecall() != (n-1)/n {
		t.Errorf("%s: precision %v recall %v, want %v and %v", row.GetKind(), row.Precision, row.Recall, 1-1/n, (n-1)/n)
	}
}
