// Package viewexport is the export renderers (adapters/export) as the
// server's app.Exporter: each claim view goes through the API message the
// gRPC answers are made of (internal/viewpb), so a file the desk serves is
// byte for byte what claimctl writes from ExportClaims. It lives apart
// from adapters/export so that claimctl, which renders what it receives,
// does not link the app layer.
package viewexport

import (
	"fmt"
	"io"

	"github.com/claimledger/claimledger/adapters/export"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/internal/viewpb"
)

// formats are export.Formats with what a download needs of each.
var formats = map[string]app.ExportFormat{
	"csv":         {Name: "csv", MediaType: "text/csv; charset=utf-8", Extension: ".csv"},
	"jsonl":       {Name: "jsonl", MediaType: "application/jsonl; charset=utf-8", Extension: ".jsonl"},
	"claimreview": {Name: "claimreview", MediaType: "application/ld+json; charset=utf-8", Extension: ".json"},
}

// Exporter implements app.Exporter.
type Exporter struct{}

var _ app.Exporter = Exporter{}

// Formats implements app.Exporter, in export.Formats' order.
func (Exporter) Formats() []app.ExportFormat {
	out := make([]app.ExportFormat, 0, len(export.Formats))
	for _, n := range export.Formats {
		out = append(out, formats[n])
	}
	return out
}

// Renderer implements app.Exporter.
func (Exporter) Renderer(format string, o app.ExportOptions) (app.ClaimRenderer, error) {
	r, err := export.New(format, export.Options{Org: o.Org, BaseURL: o.BaseURL})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return renderer{r}, nil
}

// renderer renders views through the API message.
type renderer struct{ r export.Renderer }

func (v renderer) Begin(w io.Writer) error { return v.r.Begin(w) }
func (v renderer) End() error              { return v.r.End() }

func (v renderer) Write(c app.ClaimView, a app.ArticleView) error {
	return v.r.Write(viewpb.Claim(c, a))
}
