// Package export renders claim views as they stream out of the ledger:
// JSON Lines, CSV and schema.org ClaimReview JSON-LD. Every renderer writes
// each claim as it gets it and keeps nothing but a small buffer, so an
// export of any size runs in constant memory.
package export

import (
	"errors"
	"fmt"
	"io"
	"strings"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// Renderer writes a sequence of claims in one format. Begin is called once
// before the first Write and End once after the last; End flushes, so
// nothing is guaranteed to have reached w before it returns. A Renderer is
// not safe for concurrent use.
type Renderer interface {
	Begin(w io.Writer) error
	Write(c *pb.Claim) error
	End() error
}

// Options tune the renderers that need more than the claim.
type Options struct {
	// Org is the ClaimReview author, the organisation publishing the
	// reviews. Default "ClaimLedger".
	Org string
	// BaseURL is where the reviews are published: a claim's review URL is
	// BaseURL + "/claims/" + id. Empty leaves ClaimReview.url relative
	// ("/claims/<id>").
	BaseURL string
}

func (o *Options) setDefaults() {
	if o.Org == "" {
		o.Org = "ClaimLedger"
	}
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
}

// Formats are the names New accepts.
var Formats = []string{"jsonl", "csv", "claimreview"}

// ErrUnknownFormat: New was given a name not in Formats.
var ErrUnknownFormat = errors.New("unknown export format")

// New returns the renderer for format.
func New(format string, o Options) (Renderer, error) {
	o.setDefaults()
	switch format {
	case "jsonl":
		return &jsonl{}, nil
	case "csv":
		return &csvRenderer{}, nil
	case "claimreview":
		return &claimReview{o: o}, nil
	}
	return nil, fmt.Errorf("%w %q (want %s)", ErrUnknownFormat, format, strings.Join(Formats, ", "))
}

// StatusName is a status as users type and read it: "under_review", not
// "CLAIM_STATUS_UNDER_REVIEW".
func StatusName(s pb.ClaimStatus) string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "CLAIM_STATUS_"))
}

// KindName is a kind as users type and read it: "money".
func KindName(k pb.ClaimKind) string {
	return strings.ToLower(strings.TrimPrefix(k.String(), "CLAIM_KIND_"))
}
