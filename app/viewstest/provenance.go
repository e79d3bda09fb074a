package viewstest

import (
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/extract"
)

// testProvenance: a claim's provenance (who found it, which extractor, the
// kind it was found with, editors' corrections, the dismissal's code) is
// part of its row, read back whole, and the extraction statistics computed
// from the rows count each of them.
func testProvenance(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.run(t, nil)
	ctx := t.Context()
	in := f.ingest(t, "ingest-0", Articles[0])
	corrected, dismissed := in.ClaimIDs[0], in.ClaimIDs[1]
	f.caughtUp(t)

	before, ok, err := f.views.Claim(ctx, corrected)
	if err != nil || !ok {
		t.Fatalf("Claim(%s) = %v, %v", corrected, ok, err)
	}
	kind := "event"
	if before.Kind == kind {
		kind = "quote"
	}
	added, err := f.cmds.AddClaim(ctx, admin, app.AddClaim{RequestID: "add-0", ArticleID: in.ArticleID,
		Kind: "event", Text: "approved a 3 trillion won"})
	if err != nil {
		t.Fatalf("AddClaim: %v", err)
	}
	corr, err := f.cmds.CorrectClaim(ctx, admin, app.Mutation{RequestID: "correct-0", ClaimID: corrected}, app.Correction{Kind: kind})
	if err != nil {
		t.Fatalf("CorrectClaim: %v", err)
	}
	dism, err := f.cmds.Dismiss(ctx, admin, app.Mutation{RequestID: "dismiss-0", ClaimID: dismissed}, "an opinion", string(claim.DismissNotAClaim))
	if err != nil {
		t.Fatalf("Dismiss: %v", err)
	}
	f.caughtUp(t)

	for _, w := range []app.Written{added, corr, dism} {
		if w.Claim == nil {
			t.Fatalf("%s: the command returned no claim view", w.StreamID)
		}
		got, ok, err := f.views.Claim(ctx, w.Claim.ID)
		if err != nil || !ok {
			t.Fatalf("Claim(%s) = %v, %v", w.Claim.ID, ok, err)
		}
		if g, c := mustJSON(t, got), mustJSON(t, *w.Claim); g != c {
			t.Errorf("projected claim view differs from the command's:\nviews   %s\ncommand %s", g, c)
		}
	}
	a, _, _ := f.views.Claim(ctx, added.Claim.ID)
	if a.Origin != claim.OriginAdded || a.AddedBy != admin.ID || a.ExtractorVersion != "" {
		t.Errorf("added claim: origin %q, added by %q, extractor %q; want added by %s, no extractor", a.Origin, a.AddedBy, a.ExtractorVersion, admin.ID)
	}
	c, _, _ := f.views.Claim(ctx, corrected)
	if c.Origin != claim.OriginExtracted || c.ExtractorVersion != extract.Version || c.Kind != kind || c.ExtractedKind != before.Kind || c.Corrections != 1 {
		t.Errorf("corrected claim: origin %q, extractor %q, kind %q from %q, %d corrections; want extracted by %s, %s from %s, 1",
			c.Origin, c.ExtractorVersion, c.Kind, c.ExtractedKind, c.Corrections, extract.Version, kind, before.Kind)
	}
	if d, _, _ := f.views.Claim(ctx, dismissed); d.Status != claim.StatusDismissed || d.DismissCode != claim.DismissNotAClaim {
		t.Errorf("dismissed claim: status %s, code %q; want dismissed, %s", d.Status, d.DismissCode, claim.DismissNotAClaim)
	}

	stats, err := f.qs.ExtractionStats(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var sum app.ExtractionStat
	for _, s := range stats {
		if s.Version != extract.Version {
			t.Errorf("stat of extractor %q, want only %s", s.Version, extract.Version)
		}
		sum.Extracted += s.Extracted
		sum.NotAClaim += s.NotAClaim
		sum.Corrected += s.Corrected
		sum.Added += s.Added
	}
	if sum.Extracted != len(in.ClaimIDs) || sum.NotAClaim != 1 || sum.Corrected != 1 || sum.Added != 1 {
		t.Errorf("extraction stats sum to %+v; want %d extracted, 1 not a claim, 1 corrected, 1 added", sum, len(in.ClaimIDs))
	}
}
