package claim_test

import (
	"encoding/json"
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
)

// The type names are the stored format: this list changes only by adding.
func TestEvents_typeNames(t *testing.T) {
	want := []string{"claim.extracted", "claim.flagged", "review.submitted", "review.retracted",
		"claim.status_changed", "claim.reopened", "claim.dismissed", "claim.settled", "claim.linked",
		"claim.added", "claim.corrected", "claim.match_suggested", "claim.match_rejected"}
	events := claim.Events()
	if len(events) != len(want) {
		t.Fatalf("Events() has %d types, want %d", len(events), len(want))
	}
	for i, e := range events {
		typed, ok := e.(interface{ EventType() string })
		if !ok || typed.EventType() != want[i] {
			t.Errorf("Events()[%d] = %T, want %s", i, e, want[i])
		}
		if err := new(claim.Claim).Apply(e); err == nil && i > 0 && i != 9 { // claim.added opens a stream too
			t.Errorf("%T applied to an unopened claim", e)
		}
	}
}

// Payloads are hashed as stored, so encoding one event must always give the
// same bytes: field names fixed, map keys sorted, times in UTC.
func TestEvents_deterministicPayloads(t *testing.T) {
	cmd := extractCmd()
	cmd.Normalized = map[string]any{"unit": "CNY", "paired": map[string]any{"value": 280e9, "currency": "USD"}, "value": 2e12}
	events, err := claim.Extract(cmd)
	if err != nil {
		t.Fatal(err)
	}
	v := vote("alice", claim.VerdictDispute)
	v.CorrectedValue = "2 trillion yuan ($275 billion)"
	submitted, err := given(t).SubmitReview(v, quorum1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		event any
		want  string
	}{
		{events[0], `{"claim_id":"c-1","article_id":"a-1","kind":"money","text":"2 trillion yuan ($280 billion)","part":"body","start":10,"end":40,` +
			`"sentence":"China unveiled a 2 trillion yuan ($280 billion) stimulus package.",` +
			`"normalized":{"paired":{"currency":"USD","value":280000000000},"unit":"CNY","value":2000000000000},` +
			`"checks":[{"name":"exchange_rate","result":"pass","detail":"7.14 CNY per USD"}],"extractor_version":"2026.12.1"}`},
		{submitted[0], `{"vote":{"reviewer":"alice","verdict":"dispute","reason":"wrong_value","corrected_value":"2 trillion yuan ($275 billion)",` +
			`"evidence":["https://example.org/source"],"at":"2026-11-27T15:00:00Z"}}`},
		{submitted[1], `{"from":"extracted","to":"disputed","cause":"vote","by":"alice"}`},
		{claim.Linked{OtherClaimID: "c-2", By: "bob"}, `{"other_claim_id":"c-2","by":"bob"}`},
	}
	for _, tt := range tests {
		for range 3 {
			b, err := json.Marshal(tt.event)
			if err != nil || string(b) != tt.want {
				t.Fatalf("%T encodes to\n%s (%v)\nwant\n%s", tt.event, b, err, tt.want)
			}
		}
	}
}
