package export

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// CorpusArticle is an article as the corpus lays it out: Text is the file,
// the headline on its first line and the body after it, as ingested.
type CorpusArticle struct {
	ID, Title, URL, Text string
}

// corpusFile is NN.claims.json, in the field order of the corpus's GUIDE.md.
type corpusFile struct {
	ArticleID string        `json:"article_id"`
	Title     string        `json:"title"`
	URL       string        `json:"url"`
	Heldout   bool          `json:"heldout"`
	Offsets   string        `json:"offsets"`
	Claims    []corpusClaim `json:"claims"`
}

type corpusClaim struct {
	ID                    string         `json:"id"`
	Kind                  string         `json:"kind"`
	Quote                 string         `json:"quote"`
	Start                 int            `json:"start"`
	End                   int            `json:"end"`
	StartByte             int            `json:"start_byte"`
	EndByte               int            `json:"end_byte"`
	Normalized            map[string]any `json:"normalized,omitempty"`
	InternalInconsistency bool           `json:"internal_inconsistency"`
	Note                  string         `json:"note,omitempty"`
}

const corpusOffsets = "start/end are Unicode code point offsets into the .txt file; start_byte/end_byte are UTF-8 byte offsets"

// Reviewed reports whether a person has labelled the claim: it is not
// dismissed, and someone voted on it, added it or corrected it. Claims only
// the extractor has seen are not labels.
func Reviewed(c *pb.Claim) bool {
	switch c.GetStatus() {
	case pb.ClaimStatus_CLAIM_STATUS_DISMISSED:
		return false
	case pb.ClaimStatus_CLAIM_STATUS_EXTRACTED:
		return c.GetOrigin() == pb.ClaimOrigin_CLAIM_ORIGIN_ADDED || c.GetCorrections() > 0
	}
	return true
}

// WriteCorpus writes the reviewed claims (see Reviewed) of one article as
// the corpus's NN.claims.json, in text order, with code-point and byte
// offsets into a.Text. A claim is internally inconsistent when a live vote
// disputes it as internally_inconsistent. It returns how many claims it
// wrote; a claim whose text is not at its offsets in a.Text is an error,
// since the file would lie.
func WriteCorpus(w io.Writer, a CorpusArticle, claims []*pb.Claim) (int, error) {
	f := corpusFile{ArticleID: a.ID, Title: a.Title, URL: a.URL, Offsets: corpusOffsets, Claims: []corpusClaim{}}
	for _, c := range claims {
		if !Reviewed(c) {
			continue
		}
		start, end := int(c.GetStart()), int(c.GetEnd())
		if c.GetPart() == pb.ClaimPart_CLAIM_PART_BODY {
			start, end = start+len(a.Title)+1, end+len(a.Title)+1
		}
		if start < 0 || end > len(a.Text) || start > end || a.Text[start:end] != c.GetText() {
			return 0, fmt.Errorf("corpus: claim %s: its text is not at bytes %d..%d of article %s", c.GetId(), start, end, a.ID)
		}
		cc := corpusClaim{Kind: KindName(c.GetKind()), Quote: c.GetText(), StartByte: start, EndByte: end,
			Start: utf8.RuneCountInString(a.Text[:start]), InternalInconsistency: inconsistent(c), Note: corpusNote(c)}
		cc.End = cc.Start + utf8.RuneCountInString(c.GetText())
		if n := c.GetNormalized(); n != nil && len(n.GetFields()) > 0 {
			cc.Normalized = n.AsMap()
		}
		f.Claims = append(f.Claims, cc)
	}
	slices.SortStableFunc(f.Claims, func(x, y corpusClaim) int { return x.StartByte - y.StartByte })
	for i := range f.Claims {
		f.Claims[i].ID = fmt.Sprintf("%s-c%02d", a.ID, i+1)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(f); err != nil {
		return 0, fmt.Errorf("corpus: %w", err)
	}
	return len(f.Claims), nil
}

func inconsistent(c *pb.Claim) bool {
	for _, v := range c.GetVotes() {
		if v.GetReason() == pb.DisputeReason_DISPUTE_REASON_INTERNALLY_INCONSISTENT {
			return true
		}
	}
	return false
}

// corpusNote says where the label comes from: the claim's status, and who
// added or corrected it.
func corpusNote(c *pb.Claim) string {
	parts := []string{"ledger claim " + c.GetId() + ", " + StatusName(c.GetStatus())}
	if c.GetOrigin() == pb.ClaimOrigin_CLAIM_ORIGIN_ADDED {
		parts = append(parts, "added by "+c.GetAddedBy())
	}
	if c.GetCorrections() > 0 {
		parts = append(parts, "corrected by an editor")
	}
	return strings.Join(parts, "; ")
}
