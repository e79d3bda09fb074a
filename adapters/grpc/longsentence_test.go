package grpcadapter

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/domain/extract"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestIngest_longSentence ingests, through the real server, an article well
// under the body limit whose one paragraph without a full stop runs far
// past 16 KiB: a list of figures pasted as one paragraph. It is recorded,
// with exactly the claims the extractor finds offline, each with its
// sentence cut around it.
func TestIngest_longSentence(t *testing.T) {
	f := newFixture(t)
	var b strings.Builder
	b.WriteString("Port traffic rose 4% last year, the authority said.\nThe quays handled")
	for i := 0; b.Len() < 48<<10; i++ {
		fmt.Fprintf(&b, ", %d,%03d tonnes at quay %d in the Süd basin", 10+i%80, i%1000, i)
	}
	b.WriteString("\n")
	body, title, published := b.String(), "Harbour Figures for 2025", "2026-01-15"
	resp, err := f.articles.IngestArticle(f.as(f.reviewerCred), &pb.IngestArticleRequest{RequestId: "long-list",
		Title: title, Body: body, Published: published})
	if err != nil {
		t.Fatalf("IngestArticle of a %d-byte body with a %d-byte paragraph: %v", len(body), strings.LastIndex(body, "\n"), err)
	}
	day, _ := time.Parse(time.DateOnly, published)
	want, err := extract.Extract(extract.Article{Title: title, Body: body, Published: day})
	if err != nil {
		t.Fatal(err)
	}
	got := resp.GetClaims()
	if len(got) != len(want) || len(want) < 500 {
		t.Fatalf("%d claims recorded, the extractor finds %d (want hundreds)", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.GetText() != w.Text || int(g.GetStart()) != w.Start || int(g.GetEnd()) != w.End || g.GetSentence() != w.Sentence {
			t.Fatalf("claim %d: recorded %q %d..%d in %q\nextractor: %q %d..%d in %q",
				i, g.GetText(), g.GetStart(), g.GetEnd(), g.GetSentence(), w.Text, w.Start, w.End, w.Sentence)
		}
		if len(w.Sentence) > len(w.Text)+extract.MaxContextBytes+8 {
			t.Fatalf("claim %d: a sentence of %d bytes is kept", i, len(w.Sentence))
		}
	}
	// The views serve what was recorded.
	last := got[len(got)-1]
	c, err := f.claims.GetClaim(f.as(f.auditorCred), &pb.GetClaimRequest{Id: last.GetId()})
	if err != nil || c.GetClaim().GetSentence() != last.GetSentence() {
		t.Fatalf("GetClaim %s: %v", last.GetId(), err)
	}
}

// TestIngest_tooManyClaims: a body within the size limit but with more
// claims than one article may hold is refused with a message about the
// body, the field the caller sent, and nothing is written.
func TestIngest_tooManyClaims(t *testing.T) {
	f := newFixture(t)
	var b strings.Builder
	b.WriteString("The quays handled")
	for i := 0; i < 10_200; i++ {
		fmt.Fprintf(&b, ", %d tonnes", 10+i)
	}
	before := f.head(t)
	_, err := f.articles.IngestArticle(f.as(f.reviewerCred), &pb.IngestArticleRequest{RequestId: "many",
		Title: "Harbour figures", Body: b.String() + "\n"})
	if st := status.Convert(err); st.Code() != codes.InvalidArgument || !strings.HasPrefix(st.Message(), "body: ") ||
		!strings.Contains(st.Message(), "at most 10000") {
		t.Fatalf("IngestArticle of %d bytes with 10,200 claims: %v, want INVALID_ARGUMENT about the body", b.Len(), err)
	}
	if after := f.head(t); after != before {
		t.Errorf("a refused ingest wrote: head %d → %d", before, after)
	}
}
