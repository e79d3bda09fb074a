package claim_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
)

func TestExtract(t *testing.T) {
	cmd := extractCmd()
	events, err := claim.Extract(cmd)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	want := claim.Extracted{
		ClaimID: "c-1", ArticleID: "a-1", Kind: "money", Text: cmd.Text, Part: "body", Start: cmd.Start, End: cmd.End,
		Sentence: cmd.Sentence, Normalized: map[string]any{"value": 2e12, "unit": "CNY"}, Checks: cmd.Checks,
		ExtractorVersion: "2026.12.1",
	}
	if !reflect.DeepEqual(events, []any{want}) {
		t.Fatalf("events:\n got %+v\nwant %+v", events, []any{want})
	}
	c := mustRehydrate(t, events)
	if c.Status() != claim.StatusExtracted || c.Flagged() || c.Version() != 1 || c.Round() != 1 {
		t.Errorf("new claim: status %s, flagged %v, version %d, round %d", c.Status(), c.Flagged(), c.Version(), c.Round())
	}
}

// A failed check flags the claim at once, so reviewers can take flagged
// claims first; a warning does not.
func TestExtract_whenCheckFailed(t *testing.T) {
	cmd := extractCmd()
	failed := claim.Check{Name: "exchange_rate", Result: claim.CheckFail, Detail: "implies 71.4 CNY per USD"}
	cmd.Checks = []claim.Check{{Name: "headline_year", Result: claim.CheckWarn}, failed, {Name: "same_subject", Result: claim.CheckPass}}
	events, err := claim.Extract(cmd)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if len(events) != 2 || !reflect.DeepEqual(events[1], claim.Flagged{Checks: []claim.Check{failed}}) {
		t.Fatalf("events = %+v, want Extracted and Flagged with the failed check only", events)
	}
	if c := mustRehydrate(t, events); !c.Flagged() || len(c.Checks()) != 3 {
		t.Errorf("Flagged() = %v, %d checks; want true, 3", c.Flagged(), len(c.Checks()))
	}
}

// Normalized is stored as the JSON object it encodes to, so a Go struct from
// the extractor becomes the map a rehydrated claim will hold.
func TestExtract_normalizesValue(t *testing.T) {
	type amount struct {
		Value float64 `json:"value"`
		Unit  string  `json:"unit,omitempty"`
		Rank  int     `json:"rank"`
	}
	for name, tt := range map[string]struct {
		in   any
		want map[string]any
	}{
		"struct pointer": {&amount{Value: 280e9, Unit: "USD", Rank: 2}, map[string]any{"value": 280e9, "unit": "USD", "rank": 2.0}},
		"nil":            {nil, nil},
		"nil pointer":    {(*amount)(nil), nil},
		"empty map":      {map[string]any{}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := extractCmd()
			cmd.Normalized = tt.in
			events, err := claim.Extract(cmd)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if got := events[0].(claim.Extracted).Normalized; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Normalized = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestExtract_whenInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*claim.ExtractCommand)
		want   string
	}{
		{"no claim id", func(c *claim.ExtractCommand) { c.ClaimID = "" }, "claim_id: required"},
		{"long claim id", func(c *claim.ExtractCommand) { c.ClaimID = claim.ID(strings.Repeat("c", claim.MaxIDBytes+1)) }, "claim_id: longer"},
		{"no article", func(c *claim.ExtractCommand) { c.ArticleID = "" }, "article_id: required"},
		{"no kind", func(c *claim.ExtractCommand) { c.Kind = "" }, "kind: required"},
		{"no text", func(c *claim.ExtractCommand) { c.Text, c.End = "", c.Start }, "text: required"},
		{"unknown part", func(c *claim.ExtractCommand) { c.Part = "lede" }, `part: unknown part "lede"`},
		{"span shorter than text", func(c *claim.ExtractCommand) { c.End-- }, "start: span"},
		{"negative start", func(c *claim.ExtractCommand) { c.Start, c.End = -1, len(c.Text)-1 }, "start: span"},
		{"check without name", func(c *claim.ExtractCommand) { c.Checks[0].Name = "" }, "checks[0].name: required"},
		{"unknown result", func(c *claim.ExtractCommand) { c.Checks[0].Result = "ok" }, `checks[0].result: unknown result "ok"`},
		{"normalized not an object", func(c *claim.ExtractCommand) { c.Normalized = 3.5 }, "normalized: not a JSON object"},
		{"normalized not encodable", func(c *claim.ExtractCommand) { c.Normalized = map[string]any{"f": func() {}} }, "normalized: cannot be encoded"},
		{"text not UTF-8", func(c *claim.ExtractCommand) { c.Text = "\xff" + c.Text[1:] }, "text: not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := extractCmd()
			cmd.Checks = append([]claim.Check(nil), cmd.Checks...)
			tt.change(&cmd)
			events, err := claim.Extract(cmd)
			wantFamily(t, err, claim.ErrInvalid)
			if err != nil && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to say %q", err, tt.want)
			}
			if events != nil {
				t.Errorf("events = %v with an error", events)
			}
		})
	}
}
