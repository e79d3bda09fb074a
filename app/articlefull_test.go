package app_test

import (
	"context"
	"errors"
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/article"
	"github.com/claimledger/claimledger/domain/extract"
)

// TestCommands_articleFull: an article holding article.MaxClaims claims, the
// most ingest records, takes no more, neither by hand nor by re-extraction,
// and the refusal writes nothing.
func TestCommands_articleFull(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := newCommands(t, s, 1)
	real := c.Extractor
	first, err := real.Extract(extract.Article{Title: testTitle, Body: testBody})
	if err != nil || len(first) == 0 {
		t.Fatalf("extract: %d claims, %v", len(first), err)
	}
	full := make([]extract.Claim, article.MaxClaims)
	for i := range full {
		full[i] = first[0]
	}
	c.Extractor = app.Extractor{Version: "full", Extract: func(extract.Article) ([]extract.Claim, error) { return full, nil }}
	in, err := c.IngestArticle(ctx, editor, app.IngestArticle{RequestID: "ingest", Title: testTitle, Body: []byte(testBody)})
	if err != nil || len(in.ClaimIDs) != article.MaxClaims {
		t.Fatalf("ingest: %d claims, %v; want %d", len(in.ClaimIDs), err, article.MaxClaims)
	}
	h := head(t, s)

	_, err = c.AddClaim(ctx, alice, app.AddClaim{RequestID: "add-1", ArticleID: in.ArticleID, Kind: "event", Text: "Riverton's mayor announced"})
	if !errors.Is(err, app.ErrArticleFull) {
		t.Errorf("AddClaim to a full article = %v, want ErrArticleFull", err)
	}
	c.Extractor = real // finds claims the full article lacks
	for _, dry := range []bool{true, false} {
		_, err = c.Reextract(ctx, editor, app.Reextract{RequestID: "re-1", ArticleIDs: []string{in.ArticleID}, DryRun: dry})
		if !errors.Is(err, app.ErrArticleFull) {
			t.Errorf("Reextract (dry run %v) of a full article = %v, want ErrArticleFull", dry, err)
		}
	}
	if got := head(t, s); got != h {
		t.Errorf("refusals wrote: head %d → %d", h, got)
	}
}
