package claim_test

import (
	"reflect"
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
)

func span(part string, start int, text string) claim.Span {
	return claim.Span{Part: part, Start: start, End: start + len(text), Text: text, Sentence: "… " + text + " …"}
}

func TestAdd_opensAReviewedClaim(t *testing.T) {
	events, err := claim.Add(claim.AddCommand{ClaimID: "a-1-05", ArticleID: "a-1", Kind: "event",
		Span: span("body", 7, "The council approved the plan"), By: "alice", Note: "missed"})
	if err != nil {
		t.Fatal(err)
	}
	c := mustRehydrate(t, roundTrip(t, events))
	start, end := c.Span()
	if c.Origin() != claim.OriginAdded || c.AddedBy() != "alice" || c.ExtractorVersion() != "" ||
		c.Kind() != "event" || start != 7 || end != 36 || c.Status() != claim.StatusExtracted || !c.Reviewed() {
		t.Errorf("added claim: %+v", snapshot(c))
	}
}

func TestAdd_whenInputBad(t *testing.T) {
	good := claim.AddCommand{ClaimID: "a-1-05", ArticleID: "a-1", Kind: "event", Span: span("body", 0, "x y"), By: "alice"}
	for name, mutate := range map[string]func(*claim.AddCommand){
		"unknown kind":    func(c *claim.AddCommand) { c.Kind = "opinion" },
		"no kind":         func(c *claim.AddCommand) { c.Kind = "" },
		"empty text":      func(c *claim.AddCommand) { c.Span = claim.Span{Part: "body", Start: 3, End: 3} },
		"length mismatch": func(c *claim.AddCommand) { c.Span.End++ },
		"negative start":  func(c *claim.AddCommand) { c.Span.Start, c.Span.End = -1, 2 },
		"unknown part":    func(c *claim.AddCommand) { c.Span.Part = "file" },
		"no actor":        func(c *claim.AddCommand) { c.By = "" },
	} {
		cmd := good
		mutate(&cmd)
		_, err := claim.Add(cmd)
		wantFamily(t, err, claim.ErrInvalid)
		_ = name
	}
}

func TestClaim_Correct(t *testing.T) {
	c := in(t, claim.StatusUnderReview)
	s := span("body", 8, "a 2 trillion yuan ($280 billion) stimulus")
	events, err := c.Correct("ed", "money", s, "include what it pays for")
	if err != nil {
		t.Fatal(err)
	}
	want := claim.Corrected{By: "ed", Kind: "money", Text: s.Text, Part: "body", Start: 8, End: s.End, Sentence: s.Sentence,
		Normalized: c.Normalized(), FromKind: "money", FromText: c.Text(), FromPart: "body", FromStart: 10, FromEnd: 40,
		Note: "include what it pays for"}
	if !reflect.DeepEqual(events, []any{want}) {
		t.Fatalf("events:\n got %+v\nwant %+v", events, []any{want})
	}
	mustApply(t, c, events)
	if c.Text() != s.Text || c.Corrections() != 1 || len(c.Votes()) != 1 || c.Status() != claim.StatusUnderReview {
		t.Errorf("after correction: %+v", snapshot(c))
	}
	// A new kind drops the extractor's value: it read another kind.
	events, err = c.Correct("ed", "event", s, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := events[0].(claim.Corrected); got.Normalized != nil || got.FromKind != "money" {
		t.Errorf("kind change: %+v", got)
	}
}

func TestClaim_Correct_whenNothingChangesOrDismissed(t *testing.T) {
	c := given(t)
	start, end := c.Span()
	_, err := c.Correct("ed", c.Kind(), claim.Span{Part: c.Part(), Start: start, End: end, Text: c.Text()}, "")
	wantFamily(t, err, claim.ErrInvalid)
	_, err = in(t, claim.StatusDismissed).Correct("ed", "event", span("body", 0, "abc"), "")
	wantFamily(t, err, claim.ErrIllegalTransition)
}

// An extractor changes only what nobody has looked at: a vote, even one
// retracted since, makes a claim the reviewers'.
func TestClaim_Reextract_onlyUnreviewed(t *testing.T) {
	s := span("body", 8, "a 2 trillion yuan ($280 billion) stimulus")
	c := given(t)
	if c.Reviewed() || c.ExtractorVersion() != "2026.12.1" {
		t.Fatalf("fresh claim: reviewed %v, extractor %q", c.Reviewed(), c.ExtractorVersion())
	}
	events, err := c.Reextract("ed", "2027.1.1", "money", s, map[string]any{"value": 2e12})
	if err != nil {
		t.Fatal(err)
	}
	mustApply(t, c, events)
	if c.ExtractorVersion() != "2026.12.1" || c.Reviewed() || c.Corrections() != 0 || c.Normalized()["value"] != 2e12 {
		t.Errorf("after re-extraction: %+v", snapshot(c))
	}
	for name, steps := range map[string][]step{
		"voted":     {submit(quorum2, vote("alice", claim.VerdictConfirm))},
		"retracted": {submit(quorum2, vote("alice", claim.VerdictConfirm)), retract(quorum2, "alice")},
		"dismissed": {dismiss},
		"corrected": {func(c *claim.Claim) ([]any, error) { return c.Correct("ed", "event", s, "") }},
	} {
		c := given(t, steps...)
		if !c.Reviewed() {
			t.Errorf("%s: not reviewed", name)
		}
		_, err := c.Reextract("ed", "2027.1.1", "percentage", s, nil)
		wantFamily(t, err, claim.ErrIllegalTransition)
	}
}

func TestClaim_Dismiss_codes(t *testing.T) {
	c := given(t)
	events, err := c.Dismiss("ed", "background", claim.DismissDuplicate)
	if err != nil {
		t.Fatal(err)
	}
	mustApply(t, c, events)
	if c.DismissCode() != claim.DismissDuplicate {
		t.Errorf("code %q", c.DismissCode())
	}
	_, err = given(t).Dismiss("ed", "x", "rubbish")
	wantFamily(t, err, claim.ErrInvalid)
	if code, err := claim.ParseDismissCode(""); err != nil || code != claim.DismissUnspecified {
		t.Errorf("ParseDismissCode(\"\") = %q, %v", code, err)
	}
}
