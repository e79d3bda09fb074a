package grpcadapter

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/claimledger/claimledger/events"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// A log written before claims recorded their extractor and dismissals
// their code still reads: the claim says its extractor is unknown, the
// dismissal has no code, and the statistics count it under "unknown".
func TestOldEvents_readAsUnknown(t *testing.T) {
	f := newFixture(t)
	v1 := func(typ, payload string) events.Proposed {
		return events.Proposed{Type: typ, SchemaVersion: 1, Payload: json.RawMessage(payload), Actor: "admin"}
	}
	res, err := f.store.Append(context.Background(), events.AppendRequest{StreamID: "claim-0123456789abcdef-01", Expected: events.NoStream,
		Events: []events.Proposed{
			v1("claim.extracted", `{"claim_id":"0123456789abcdef-01","article_id":"0123456789abcdef","kind":"money","text":"$5","part":"body","start":0,"end":2}`),
			v1("claim.dismissed", `{"by":"admin","reason":"an old dismissal"}`),
			v1("claim.status_changed", `{"from":"extracted","to":"dismissed","cause":"dismissal","by":"admin","note":"an old dismissal"}`),
		}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.claims.GetClaim(f.as(f.reviewerCred), &pb.GetClaimRequest{Id: "0123456789abcdef-01", MinPosition: res.ToPosition})
	if err != nil {
		t.Fatal(err)
	}
	c := got.GetClaim()
	if c.GetExtractorVersion() != "unknown" || c.GetOrigin() != pb.ClaimOrigin_CLAIM_ORIGIN_EXTRACTED ||
		c.GetDismissCode() != pb.DismissCode_DISMISS_CODE_UNSPECIFIED || c.GetStatusReason() != "dismissal by admin: an old dismissal" {
		t.Errorf("old claim = %v", c)
	}
	stats, err := f.claims.GetExtractionStats(f.as(f.reviewerCred), &pb.GetExtractionStatsRequest{})
	if err != nil || len(stats.GetStats()) != 1 || stats.GetStats()[0].GetExtractorVersion() != "unknown" ||
		stats.GetStats()[0].GetExtracted() != 1 || stats.GetStats()[0].GetDismissedNotAClaim() != 0 {
		t.Errorf("stats = %v, %v", stats, err)
	}
}
