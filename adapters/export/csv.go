package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// CSVHeader is the header row of the CSV export, one column per field in
// this order. normalized is the claim's normalized value as compact JSON
// with sorted keys (empty when the claim has none); kind and status are the
// short lower-case names ("money", "confirmed"); flagged is true or false;
// the votes_* columns count the live votes.
var CSVHeader = []string{"id", "article_id", "kind", "status", "text", "normalized", "flagged",
	"votes_confirm", "votes_dispute", "votes_unverifiable", "article_url", "article_published"}

// csvRenderer writes RFC 4180 CSV through encoding/csv, which quotes
// fields holding commas, quotes or line breaks.
type csvRenderer struct {
	w   *csv.Writer
	row []string
}

func (r *csvRenderer) Begin(w io.Writer) error {
	r.w = csv.NewWriter(w)
	r.row = make([]string, len(CSVHeader))
	if err := r.w.Write(CSVHeader); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

func (r *csvRenderer) Write(c *pb.Claim) error {
	norm, err := NormalizedJSON(c)
	if err != nil {
		return fmt.Errorf("csv: claim %s: %w", c.GetId(), err)
	}
	t := c.GetTallies()
	r.row = append(r.row[:0], c.GetId(), c.GetArticleId(), KindName(c.GetKind()), StatusName(c.GetStatus()),
		c.GetText(), norm, strconv.FormatBool(c.GetFlagged()),
		strconv.FormatUint(uint64(t.GetConfirm()), 10), strconv.FormatUint(uint64(t.GetDispute()), 10),
		strconv.FormatUint(uint64(t.GetUnverifiable()), 10), c.GetArticleUrl(), c.GetArticlePublished())
	if err := r.w.Write(r.row); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

func (r *csvRenderer) End() error {
	r.w.Flush()
	if err := r.w.Error(); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return nil
}

// NormalizedJSON is a claim's normalized value as compact JSON with sorted
// keys, or "" when it has none. encoding/json sorts map keys, which makes
// the text stable where protojson's Struct output is not promised to be.
func NormalizedJSON(c *pb.Claim) (string, error) {
	n := c.GetNormalized()
	if n == nil || len(n.GetFields()) == 0 {
		return "", nil
	}
	b, err := json.Marshal(n.AsMap())
	if err != nil {
		return "", fmt.Errorf("normalized: %w", err)
	}
	return string(b), nil
}
