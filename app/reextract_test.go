package app_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/extract"
	"github.com/claimledger/claimledger/events"
)

// fixed is an extractor that finds exactly the claims given, by text, in
// the test article's body: re-extraction is tested on what the extractor
// returns, not on what today's rules happen to find.
func fixed(t *testing.T, version string, claims ...[2]string) app.Extractor {
	t.Helper()
	var found []extract.Claim
	for _, c := range claims {
		i := strings.Index(testBody, c[1])
		if i < 0 {
			t.Fatalf("%q is not in the test body", c[1])
		}
		found = append(found, extract.Claim{Kind: extract.Kind(c[0]), Text: c[1], Part: extract.PartBody,
			Start: i, End: i + len(c[1]), Sentence: c[1], Checks: []extract.Check{}})
	}
	return app.Extractor{Version: version, Extract: func(extract.Article) ([]extract.Claim, error) { return found, nil }}
}

const (
	quoteOld = `We expect the first homes`
	quoteNew = `"We expect the first homes to be finished within 18 months,"`
)

// weak and strong extractors: strong widens the money span, reads "30%" as
// the percentage it is, finds an event weak missed, and widens the quote,
// which a reviewer will have voted on by then.
func weakAndStrong(t *testing.T) (weak, strong app.Extractor) {
	weak = fixed(t, "2026.1.1", [2]string{"money", "90 billion yen"}, [2]string{"count", "30%"}, [2]string{"quote", quoteOld})
	strong = fixed(t, "2026.12.1", [2]string{"event", "Riverton's mayor announced"},
		[2]string{"money", "90 billion yen ($600 million) housing fund"}, [2]string{"percentage", "30% of the fund"},
		[2]string{"quote", quoteNew})
	return weak, strong
}

func TestCommands_Reextract(t *testing.T) {
	ctx := context.Background()
	s, c, in, strong := ingestWeak(t)
	quote := in.ClaimIDs[2]
	if _, err := c.SubmitReview(ctx, alice, app.Mutation{RequestID: "v", ClaimID: quote}, claim.Vote{Verdict: claim.VerdictConfirm}); err != nil {
		t.Fatal(err)
	}
	c.Extractor = strong
	h := head(t, s)
	dry, err := c.Reextract(ctx, editor, app.Reextract{ArticleIDs: []string{in.ArticleID}, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if head(t, s) != h {
		t.Fatalf("a dry run wrote: head %d, was %d", head(t, s), h)
	}
	want := []string{
		"correct " + in.ClaimIDs[0] + " money→money 90 billion yen ($600 million) housing fund",
		"add " + in.ArticleID + "-04 event→event Riverton's mayor announced",
		"correct " + in.ClaimIDs[1] + " count→percentage 30% of the fund",
	}
	if got := summarize(dry.Changes); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("dry run plans\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	done, err := c.Reextract(ctx, editor, app.Reextract{RequestID: "re", ArticleIDs: []string{in.ArticleID}})
	if err != nil {
		t.Fatal(err)
	}
	if got := summarize(done.Changes); strings.Join(got, "\n") != strings.Join(want, "\n") || done.Position != h+3 {
		t.Fatalf("re-extraction recorded\n%s\nat %d, want\n%s\nat %d", strings.Join(got, "\n"), done.Position, strings.Join(want, "\n"), h+3)
	}
	// Twice, or retried: nothing new.
	again, err := c.Reextract(ctx, editor, app.Reextract{RequestID: "re", ArticleIDs: []string{in.ArticleID}})
	if err != nil || len(again.Changes) != 0 || head(t, s) != h+3 {
		t.Fatalf("second run = %+v, %v; head %d", again, err, head(t, s))
	}
	// The reviewed quote kept its span; the new claim has the new version.
	st := loadClaim(t, c, s, quote)
	if st.Text() != quoteOld {
		t.Errorf("reviewed quote changed to %q", st.Text())
	}
	added := loadClaim(t, c, s, in.ArticleID+"-04")
	if added.ExtractorVersion() != "2026.12.1" || added.Origin() != claim.OriginExtracted {
		t.Errorf("new claim: version %q origin %q", added.ExtractorVersion(), added.Origin())
	}
	money := loadClaim(t, c, s, in.ClaimIDs[0])
	if money.ExtractorVersion() != "2026.1.1" || money.Reviewed() {
		t.Errorf("re-extracted money: version %q reviewed %v", money.ExtractorVersion(), money.Reviewed())
	}
}

// ingestWeak ingests the test article with the weak extractor, expecting
// its three claims, and returns the strong one to re-extract with.
func ingestWeak(t *testing.T) (app.Store, *app.Commands, app.Ingested, app.Extractor) {
	t.Helper()
	s := newStore(t)
	c := newCommands(t, s, 1)
	weak, strong := weakAndStrong(t)
	c.Extractor = weak
	in, err := c.IngestArticle(context.Background(), editor, app.IngestArticle{RequestID: "ingest", Title: testTitle, Body: []byte(testBody)})
	if err != nil || len(in.ClaimIDs) != 3 {
		t.Fatalf("ingest = %+v, %v", in, err)
	}
	return s, c, in, strong
}

func summarize(changes []app.ReextractChange) []string {
	var out []string
	for _, ch := range changes {
		from := ch.FromKind
		if from == "" {
			from = ch.Kind
		}
		out = append(out, ch.Action+" "+ch.ClaimID+" "+from+"→"+ch.Kind+" "+ch.Text)
	}
	return out
}

// loadClaim reads a claim back from the log, the way a new process would.
func loadClaim(t *testing.T, _ *app.Commands, s app.Store, id string) *claim.Claim {
	t.Helper()
	envs, err := s.ReadStream(context.Background(), "claim-"+id, eventsAll)
	if err != nil || len(envs) == 0 {
		t.Fatalf("read claim %s: %d events, %v", id, len(envs), err)
	}
	reg := app.NewRegistry()
	var history []any
	for i := range envs {
		e, err := reg.Decode(&envs[i])
		if err != nil {
			t.Fatal(err)
		}
		history = append(history, e)
	}
	cl, err := claim.FromHistory(history)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

var eventsAll = events.ReadStreamOptions{}

// Two re-extractions of one article at once record its changes once.
func TestCommands_Reextract_concurrently(t *testing.T) {
	ctx := context.Background()
	s, c, in, strong := ingestWeak(t)
	c.Extractor = strong
	h := head(t, s)
	results := make([]app.Reextracted, 4)
	errs := make([]error, len(results))
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = c.Reextract(ctx, editor, app.Reextract{ArticleIDs: []string{in.ArticleID}})
		}()
	}
	wg.Wait()
	changes := 0
	for i, err := range errs {
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		changes += len(results[i].Changes)
	}
	if changes != 4 || head(t, s) != h+4 {
		t.Errorf("%d changes reported, head moved by %d; want 4 and 4 (recorded once)", changes, head(t, s)-h)
	}
}

// What an editor dismissed stays out, and what an editor said is another
// kind stays that kind: finding either again is not news.
func TestCommands_Reextract_keepsEditorsDecisions(t *testing.T) {
	ctx := context.Background()
	_, c, in, strong := ingestWeak(t)
	if _, err := c.Dismiss(ctx, editor, app.Mutation{RequestID: "d", ClaimID: in.ClaimIDs[2]}, "a slogan", "not_a_claim"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CorrectClaim(ctx, editor, app.Mutation{RequestID: "c", ClaimID: in.ClaimIDs[0]}, app.Correction{Kind: "quantity"}); err != nil {
		t.Fatal(err)
	}
	c.Extractor = strong
	plan, err := c.Reextract(ctx, editor, app.Reextract{ArticleIDs: []string{in.ArticleID}, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range plan.Changes {
		if ch.Kind == "quote" || ch.Kind == "money" {
			t.Errorf("re-extraction undoes an editor: %+v", ch)
		}
	}
	if len(plan.Changes) != 2 {
		t.Errorf("%d changes, want the 2 that touch neither the quote nor the money: %v", len(plan.Changes), summarize(plan.Changes))
	}
}
