package app_test

import (
	"encoding/json"
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/events"
)

// Events recorded before a shape changed read as the new shape, saying
// what was not recorded then.
func TestRegistry_upcastsOldEvents(t *testing.T) {
	reg := app.NewRegistry()
	ex, err := reg.Decode(&events.Envelope{Type: claim.TypeExtracted, SchemaVersion: 1,
		Payload: json.RawMessage(`{"claim_id":"a-01","article_id":"a","kind":"money","text":"x","start":0,"end":1}`)})
	if err != nil {
		t.Fatal(err)
	}
	if got := ex.(*claim.Extracted); got.ExtractorVersion != claim.UnknownExtractor || got.Kind != "money" {
		t.Errorf("v1 claim.extracted = %+v", got)
	}
	d, err := reg.Decode(&events.Envelope{Type: claim.TypeDismissed, SchemaVersion: 1,
		Payload: json.RawMessage(`{"by":"erin","reason":"an opinion"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.(*claim.Dismissed); got.Code != claim.DismissUnspecified || got.Reason != "an opinion" {
		t.Errorf("v1 claim.dismissed = %+v", got)
	}
	p, err := reg.Encode(claim.Dismissed{By: "erin", Reason: "r", Code: claim.DismissNotAClaim})
	if err != nil || p.SchemaVersion != 2 {
		t.Errorf("new dismissals are v%d (%v), want v2", p.SchemaVersion, err)
	}
}
