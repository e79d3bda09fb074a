package viewexport

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/adapters/export"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
)

func TestFormats_everyRendererWithItsMediaTypeAndExtension(t *testing.T) {
	var names []string
	for _, f := range (Exporter{}).Formats() {
		names = append(names, f.Name)
		if f.MediaType == "" || !strings.HasPrefix(f.Extension, ".") {
			t.Errorf("%s: media type %q, extension %q", f.Name, f.MediaType, f.Extension)
		}
		if _, err := (Exporter{}).Renderer(f.Name, app.ExportOptions{}); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
	if !slices.Equal(names, export.Formats) {
		t.Errorf("Formats() = %v, want export.Formats %v", names, export.Formats)
	}
	if _, err := (Exporter{}).Renderer("xml", app.ExportOptions{}); !errors.Is(err, export.ErrUnknownFormat) {
		t.Errorf("Renderer(xml) = %v, want ErrUnknownFormat", err)
	}
}

// TestRenderer_writesTheViewWithItsArticle: the claim's own fields and its
// article's reach the file, in the API's spelling.
func TestRenderer_writesTheViewWithItsArticle(t *testing.T) {
	r, err := (Exporter{}).Renderer("csv", app.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := app.ClaimView{ID: "a1-03", ArticleID: "a1", Kind: "money", Text: "3 trillion yuan", Status: claim.StatusConfirmed,
		Normalized: map[string]any{"amount": 3e12, "currency": "CNY"},
		Votes:      []claim.Vote{{Reviewer: "rita", Verdict: claim.VerdictConfirm}, {Reviewer: "raj", Verdict: claim.VerdictConfirm}}}
	a := app.ArticleView{ID: "a1", Title: "Lakeshire plan", URL: "https://lakeshire.example/plan", Published: "2026-03-02"}
	var buf bytes.Buffer
	if err := r.Begin(&buf); err != nil {
		t.Fatal(err)
	}
	if err := r.Write(c, a); err != nil {
		t.Fatal(err)
	}
	if err := r.End(); err != nil {
		t.Fatal(err)
	}
	want := strings.Join(export.CSVHeader, ",") + "\n" +
		`a1-03,a1,money,confirmed,3 trillion yuan,"{""amount"":3000000000000,""currency"":""CNY""}",false,2,0,0,https://lakeshire.example/plan,2026-03-02` + "\n"
	if buf.String() != want {
		t.Errorf("csv:\n%s\nwant:\n%s", buf.String(), want)
	}
}
