package app_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/article"
	"github.com/claimledger/claimledger/domain/claim"
)

var alice = app.Actor{ID: "alice", Role: "reviewer"}

func ptr(i int) *int { return &i }

// fileOffset is where s starts in the article's text: headline, line
// break, body.
func fileOffset(t *testing.T, s string) int {
	t.Helper()
	i := strings.Index(testTitle+"\n"+testBody, s)
	if i < 0 {
		t.Fatalf("%q is not in the test article", s)
	}
	return i
}

func TestCommands_AddClaim(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := newCommands(t, s, 1)
	in := ingest(t, c)
	const event = "Riverton's mayor announced"
	w, err := c.AddClaim(ctx, alice, app.AddClaim{RequestID: "add-1", ArticleID: in.ArticleID, Kind: "event", Text: event, Note: "missed"})
	if err != nil {
		t.Fatal(err)
	}
	v := w.Claim
	if v == nil || v.Text != event || v.Part != "body" || v.Start != 0 || v.Origin != claim.OriginAdded || v.AddedBy != "alice" ||
		v.ID != in.ArticleID+"-"+pad(len(in.ClaimIDs)+1) || !strings.HasPrefix(v.Sentence, event) {
		t.Fatalf("added claim = %+v", v)
	}
	// The headline counts: offsets run over headline, line break and body.
	start := fileOffset(t, "Housing Fund")
	w2, err := c.AddClaim(ctx, alice, app.AddClaim{RequestID: "add-2", ArticleID: in.ArticleID, Kind: "identifier",
		Start: ptr(start), End: ptr(start + len("Housing Fund")), Text: "Housing Fund"})
	if err != nil || w2.Claim.Part != "title" || w2.Claim.Start != start {
		t.Fatalf("title claim = %+v, %v", w2.Claim, err)
	}

	// A retry returns the first result and writes nothing.
	h := head(t, s)
	again, err := c.AddClaim(ctx, alice, app.AddClaim{RequestID: "add-1", ArticleID: in.ArticleID, Kind: "event", Text: event, Note: "missed"})
	if err != nil || !again.Replayed || again.StreamID != w.StreamID || head(t, s) != h {
		t.Fatalf("retry = %+v, %v; head %d, was %d", again, err, head(t, s), h)
	}
	// The same span and kind under another request id is a duplicate.
	_, err = c.AddClaim(ctx, alice, app.AddClaim{RequestID: "add-3", ArticleID: in.ArticleID, Kind: "event",
		Start: ptr(fileOffset(t, event)), End: ptr(fileOffset(t, event) + len(event))})
	if !errors.Is(err, app.ErrClaimExists) || !strings.Contains(err.Error(), v.ID) {
		t.Fatalf("duplicate = %v, want ErrClaimExists naming %s", err, v.ID)
	}
	// Another kind on the same span is another claim.
	if _, err := c.AddClaim(ctx, alice, app.AddClaim{RequestID: "add-4", ArticleID: in.ArticleID, Kind: "attribution", Text: event}); err != nil {
		t.Fatal(err)
	}
	if head(t, s) != h+1 {
		t.Errorf("head %d, want %d", head(t, s), h+1)
	}
}

func TestCommands_AddClaim_whenSpanBad(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := newCommands(t, s, 1)
	in := ingest(t, c)
	h := head(t, s)
	yen := fileOffset(t, "yen")
	for name, a := range map[string]app.AddClaim{
		"past the end":   {Start: ptr(0), End: ptr(len(testTitle+testBody) + 2)},
		"empty":          {Start: ptr(5), End: ptr(5)},
		"text mismatch":  {Start: ptr(yen), End: ptr(yen + 3), Text: "yen!"},
		"absent text":    {Text: "a billion euros"},
		"ambiguous text": {Text: "fund"},
		"only start":     {Start: ptr(yen), Text: "yen"},
		"unknown kind":   {Text: "90 billion yen", Kind: "opinion"},
		"no text at all": {},
	} {
		a.RequestID, a.ArticleID = "bad-"+name, in.ArticleID
		if a.Kind == "" {
			a.Kind = "money"
		}
		_, err := c.AddClaim(ctx, alice, a)
		if !errors.Is(err, claim.ErrInvalid) && !errors.Is(err, app.ErrInvalid) && !isArticleInvalid(err) {
			t.Errorf("%s: err = %v, want invalid argument", name, err)
		}
	}
	_, err := c.AddClaim(ctx, alice, app.AddClaim{RequestID: "x", ArticleID: "0123456789abcdef", Kind: "money", Text: "yen"})
	if !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown article: %v", err)
	}
	if head(t, s) != h {
		t.Errorf("bad adds wrote: head %d, was %d", head(t, s), h)
	}
	_, err = c.AddClaim(ctx, alice, app.AddClaim{RequestID: "amb", ArticleID: in.ArticleID, Kind: "money", Text: "fund"})
	if first := fileOffset(t, "fund"); err == nil || !strings.Contains(err.Error(), strconv.Itoa(first)) {
		t.Errorf("ambiguity does not name the offsets: %v", err)
	}
}

// Two reviewers adding the same claim at once: one adds it, the other is
// told it exists. Different claims added at once all get their own ids.
func TestCommands_AddClaim_concurrently(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := newCommands(t, s, 1)
	in := ingest(t, c)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.AddClaim(ctx, app.Actor{ID: "r" + pad(i), Role: "reviewer"},
				app.AddClaim{RequestID: "same", ArticleID: in.ArticleID, Kind: "event", Text: "Riverton's mayor announced"})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, app.ErrClaimExists):
			t.Errorf("err = %v, want ErrClaimExists", err)
		}
	}
	if won != 1 {
		t.Errorf("%d adds of one span succeeded, want 1", won)
	}
	words := []string{"mayor", "housing fund", "Monday", "city treasurer", "Lena Oduya", "repairs"}
	ids := make([]string, len(words))
	for i, w := range words {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wr, err := c.AddClaim(ctx, alice, app.AddClaim{RequestID: "w" + pad(i), ArticleID: in.ArticleID, Kind: "identifier", Text: w})
			if err != nil {
				t.Errorf("add %q: %v", w, err)
				return
			}
			ids[i] = wr.StreamID
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("two claims on %s", id)
		}
		seen[id] = true
	}
}

func TestCommands_CorrectClaim(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := newCommands(t, s, 1)
	in := ingest(t, c)
	a, err := c.AddClaim(ctx, alice, app.AddClaim{RequestID: "a", ArticleID: in.ArticleID, Kind: "event", Text: "mayor announced"})
	if err != nil {
		t.Fatal(err)
	}
	id := a.Claim.ID
	w, err := c.CorrectClaim(ctx, editor, app.Mutation{RequestID: "c1", ClaimID: id}, app.Correction{Text: "Riverton's mayor announced", Note: "whose mayor"})
	if err != nil || w.Claim.Text != "Riverton's mayor announced" || w.Claim.Kind != "event" || w.Claim.Corrections != 1 {
		t.Fatalf("span correction = %+v, %v", w.Claim, err)
	}
	w, err = c.CorrectClaim(ctx, editor, app.Mutation{RequestID: "c2", ClaimID: id, ExpectedVersion: ptrU(2)}, app.Correction{Kind: "attribution"})
	if err != nil || w.Claim.Kind != "attribution" || w.Claim.ExtractedKind != "event" {
		t.Fatalf("kind correction = %+v, %v", w.Claim, err)
	}
	// Onto another live claim's span and kind: refused.
	if _, err := c.AddClaim(ctx, alice, app.AddClaim{RequestID: "b", ArticleID: in.ArticleID, Kind: "event", Text: "Riverton's mayor announced"}); err != nil {
		t.Fatal(err)
	}
	_, err = c.CorrectClaim(ctx, editor, app.Mutation{RequestID: "c3", ClaimID: id}, app.Correction{Kind: "event"})
	if !errors.Is(err, app.ErrClaimExists) {
		t.Errorf("correction onto a duplicate = %v", err)
	}
	_, err = c.CorrectClaim(ctx, editor, app.Mutation{RequestID: "c4", ClaimID: id, ExpectedVersion: ptrU(1)}, app.Correction{Kind: "quote"})
	if err == nil || !strings.Contains(err.Error(), "version") {
		t.Errorf("stale expected version = %v", err)
	}
}

func ptrU(v uint64) *uint64 { return &v }

// pad is how claim ids number an article's claims.
func pad(i int) string { return fmt.Sprintf("%02d", i) }

func isArticleInvalid(err error) bool { return errors.Is(err, article.ErrInvalid) }
