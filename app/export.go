package app

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// The export port: the renderers of the verified set (adapters/export)
// as the pages' adapter needs them, in the app's own types, so the web
// adapter renders exports without importing another adapter.

// ClaimRenderer writes a sequence of claims in one export format. Begin is
// called once before the first Write and End once after the last; End
// flushes, so nothing is guaranteed to have reached w before it returns. A
// ClaimRenderer is not safe for concurrent use.
type ClaimRenderer interface {
	Begin(w io.Writer) error
	// Write renders c; a is its article (zero while the views lack it).
	Write(c ClaimView, a ArticleView) error
	End() error
}

// ExportFormat is one format an Exporter offers, as a download needs it.
type ExportFormat struct {
	Name      string // what Renderer takes: "csv"
	MediaType string // the Content-Type of the file
	Extension string // of the file's name, with its dot: ".csv"
}

// ExportOptions are the publisher's details the ClaimReview format needs.
type ExportOptions struct {
	Org     string // the reviewing organisation; "" for the renderer's default
	BaseURL string // where reviews are published: a claim's is BaseURL/claims/ID
}

// Exporter makes export renderers. Formats lists each format Renderer
// accepts, in the order a reader is offered them; Renderer returns a fresh
// renderer, or an error for a format not in Formats.
type Exporter interface {
	Formats() []ExportFormat
	Renderer(format string, o ExportOptions) (ClaimRenderer, error)
}

// EachClaim calls fn with every claim matching f, in id order, with its
// article, reading pageSize claims at a time, so an export of any size runs
// in constant memory. Once the views reach minPosition it reads on without
// waiting again. It stops at fn's first error or ctx's end.
func (q *Queries) EachClaim(ctx context.Context, f ClaimFilter, pageSize int, minPosition uint64, fn func(ClaimView, ArticleView) error) error {
	if pageSize <= 0 {
		return fmt.Errorf("each claim: page size %d", pageSize)
	}
	after := ""
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		vs, err := q.Claims(ctx, f, after, pageSize, minPosition)
		if err != nil {
			return err
		}
		minPosition = 0 // reached once, it stays reached
		for _, v := range vs {
			// An ingest records the claims and then the article in one
			// append, but the views may apply them in two transactions: a
			// claim can briefly lack its article, and is still exported.
			a, err := q.ArticleView(ctx, v.ArticleID)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return fmt.Errorf("article of claim %s: %w", v.ID, err)
			}
			if err := fn(v, a); err != nil {
				return err
			}
		}
		if len(vs) < pageSize {
			return nil
		}
		after = vs[len(vs)-1].ID
	}
}
