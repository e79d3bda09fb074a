package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/protobuf/types/known/structpb"
)

// Written for this test: "é", "€", "’" and a non-breaking space take 2 or 3
// bytes each, so code-point and byte offsets part ways early.
const (
	corpusTitle = "Café Nord raises €2 million"
	corpusBody  = "The café’s owner said sales rose 12%\u00a0in 2025.\nShe called it “the best year yet”.\n"
)

func bodyClaim(id string, kind pb.ClaimKind, text string, status pb.ClaimStatus) *pb.Claim {
	i := strings.Index(corpusBody, text)
	return &pb.Claim{Id: id, Kind: kind, Text: text, Part: pb.ClaimPart_CLAIM_PART_BODY,
		Start: uint32(i), End: uint32(i + len(text)), Status: status, Origin: pb.ClaimOrigin_CLAIM_ORIGIN_EXTRACTED}
}

func TestWriteCorpus(t *testing.T) {
	a := CorpusArticle{ID: "a1", Title: corpusTitle, URL: "https://news.example/cafe", Text: corpusTitle + "\n" + corpusBody}
	money := &pb.Claim{Id: "a1-01", Kind: pb.ClaimKind_CLAIM_KIND_MONEY, Text: "€2 million", Part: pb.ClaimPart_CLAIM_PART_TITLE,
		Start: uint32(strings.Index(corpusTitle, "€")), End: uint32(len(corpusTitle)), Status: pb.ClaimStatus_CLAIM_STATUS_CONFIRMED}
	money.Normalized, _ = structpb.NewStruct(map[string]any{"value": 2e6, "unit": "EUR"})
	pct := bodyClaim("a1-02", pb.ClaimKind_CLAIM_KIND_PERCENTAGE, "sales rose 12%\u00a0in 2025", pb.ClaimStatus_CLAIM_STATUS_DISPUTED)
	pct.Votes = []*pb.Vote{{Reviewer: "bob", Verdict: pb.Verdict_VERDICT_DISPUTE, Reason: pb.DisputeReason_DISPUTE_REASON_INTERNALLY_INCONSISTENT}}
	quote := bodyClaim("a1-04", pb.ClaimKind_CLAIM_KIND_QUOTE, "“the best year yet”", pb.ClaimStatus_CLAIM_STATUS_EXTRACTED)
	quote.Origin, quote.AddedBy = pb.ClaimOrigin_CLAIM_ORIGIN_ADDED, "alice"
	unseen := bodyClaim("a1-03", pb.ClaimKind_CLAIM_KIND_DATE, "2025", pb.ClaimStatus_CLAIM_STATUS_EXTRACTED)
	dismissed := bodyClaim("a1-05", pb.ClaimKind_CLAIM_KIND_EVENT, "She called it", pb.ClaimStatus_CLAIM_STATUS_DISMISSED)

	var buf bytes.Buffer
	n, err := WriteCorpus(&buf, a, []*pb.Claim{quote, pct, unseen, money, dismissed})
	if err != nil || n != 3 {
		t.Fatalf("WriteCorpus = %d, %v; want 3 reviewed claims", n, err)
	}
	var f corpusFile
	if err := json.Unmarshal(buf.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if f.ArticleID != "a1" || f.Title != corpusTitle || f.URL != a.URL || f.Offsets != corpusOffsets || len(f.Claims) != 3 {
		t.Fatalf("file = %+v", f)
	}
	runes := []rune(a.Text)
	for i, c := range f.Claims {
		if c.ID != "a1-c0"+string(rune('1'+i)) {
			t.Errorf("claim %d id %q", i, c.ID)
		}
		if a.Text[c.StartByte:c.EndByte] != c.Quote || string(runes[c.Start:c.End]) != c.Quote {
			t.Errorf("%s: bytes %d..%d and code points %d..%d do not both hold %q", c.ID, c.StartByte, c.EndByte, c.Start, c.End, c.Quote)
		}
	}
	// Worked by hand: "é" before it takes one byte more than a code point,
	// "€" in it two more; in the body "é" and "’" take three more.
	m, p, q := f.Claims[0], f.Claims[1], f.Claims[2]
	if m.Kind != "money" || m.Start != 17 || m.StartByte != 18 || m.End != 27 || m.EndByte != 30 || m.Normalized["unit"] != "EUR" {
		t.Errorf("money = %+v", m)
	}
	wantStart := utf8.RuneCountInString(corpusTitle+"\n") + strings.Index(corpusBody, "sales") - 3
	if p.Kind != "percentage" || p.Start != wantStart || p.StartByte != len(corpusTitle)+1+strings.Index(corpusBody, "sales") ||
		!p.InternalInconsistency || p.End-p.Start != utf8.RuneCountInString(p.Quote) {
		t.Errorf("percentage = %+v (want start %d)", p, wantStart)
	}
	if q.Kind != "quote" || q.InternalInconsistency || !strings.Contains(q.Note, "added by alice") {
		t.Errorf("quote = %+v", q)
	}
	if strings.Contains(buf.String(), `\u201c`) {
		t.Errorf("quotes escaped: %s", buf.String())
	}
}

func TestWriteCorpus_whenTextMoved(t *testing.T) {
	a := CorpusArticle{ID: "a1", Title: corpusTitle, Text: corpusTitle + "\n" + corpusBody}
	c := bodyClaim("a1-02", pb.ClaimKind_CLAIM_KIND_PERCENTAGE, "12%", pb.ClaimStatus_CLAIM_STATUS_CONFIRMED)
	c.Start++
	c.End++
	if _, err := WriteCorpus(&bytes.Buffer{}, a, []*pb.Claim{c}); err == nil {
		t.Fatal("a claim whose text is not at its offsets was written")
	}
}
