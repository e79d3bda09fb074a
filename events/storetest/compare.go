package storetest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// envelopeDiff lists every field in which got differs from want; empty
// means equal. RecordedAt is compared with Equal, so only the instant counts.
func envelopeDiff(got, want events.Envelope) string {
	var d []string
	add := func(field string, g, w any) { d = append(d, fmt.Sprintf("%s = %v, want %v", field, g, w)) }
	if got.Position != want.Position {
		add("Position", got.Position, want.Position)
	}
	if got.StreamID != want.StreamID {
		add("StreamID", got.StreamID, want.StreamID)
	}
	if got.Topic != want.Topic {
		add("Topic", got.Topic, want.Topic)
	}
	if got.Version != want.Version {
		add("Version", got.Version, want.Version)
	}
	if got.EventID != want.EventID {
		add("EventID", got.EventID, want.EventID)
	}
	if got.Type != want.Type {
		add("Type", got.Type, want.Type)
	}
	if got.SchemaVersion != want.SchemaVersion {
		add("SchemaVersion", got.SchemaVersion, want.SchemaVersion)
	}
	if !bytes.Equal(got.Payload, want.Payload) {
		add("Payload", fmt.Sprintf("%.80q", got.Payload), fmt.Sprintf("%.80q", want.Payload))
	}
	if got.Actor != want.Actor {
		add("Actor", got.Actor, want.Actor)
	}
	if got.RequestID != want.RequestID {
		add("RequestID", got.RequestID, want.RequestID)
	}
	if got.CorrelationID != want.CorrelationID {
		add("CorrelationID", got.CorrelationID, want.CorrelationID)
	}
	if got.CausationID != want.CausationID {
		add("CausationID", got.CausationID, want.CausationID)
	}
	if !got.RecordedAt.Equal(want.RecordedAt) {
		add("RecordedAt", got.RecordedAt, want.RecordedAt)
	}
	if !bytes.Equal(got.PrevHash, want.PrevHash) {
		add("PrevHash", fmt.Sprintf("%x", got.PrevHash), fmt.Sprintf("%x", want.PrevHash))
	}
	if !bytes.Equal(got.Hash, want.Hash) {
		add("Hash", fmt.Sprintf("%x", got.Hash), fmt.Sprintf("%x", want.Hash))
	}
	return strings.Join(d, "; ")
}

// assertSameEnvelopes fails for every envelope of got that differs from
// want, and when the lengths differ.
func assertSameEnvelopes(t *testing.T, what string, got, want []events.Envelope) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d envelopes (positions %s), want %d (positions %s)", what, len(got), positions(got), len(want), positions(want))
	}
	for i := range min(len(got), len(want)) {
		if d := envelopeDiff(got[i], want[i]); d != "" {
			t.Errorf("%s: envelope %d (want position %d): %s", what, i, want[i].Position, d)
		}
	}
}

// assertDensePositions checks that es holds positions from, from+1, … in order.
func assertDensePositions(t *testing.T, what string, es []events.Envelope, from uint64) {
	t.Helper()
	for i, e := range es {
		if want := from + uint64(i); e.Position != want {
			t.Fatalf("%s: envelope %d has position %d, want %d (no gap, no duplicate)", what, i, e.Position, want)
		}
	}
}

// assertDenseVersions checks that es holds versions from, from+1, … of one stream.
func assertDenseVersions(t *testing.T, what string, es []events.Envelope, from uint64) {
	t.Helper()
	for i, e := range es {
		if want := from + uint64(i); e.Version != want {
			t.Fatalf("%s: envelope %d (position %d) has version %d, want %d", what, i, e.Position, e.Version, want)
		}
	}
}

// positions summarises the positions of es for failure messages.
func positions(es []events.Envelope) string {
	if len(es) == 0 {
		return "none"
	}
	if len(es) > 12 {
		return fmt.Sprintf("%d..%d", es[0].Position, es[len(es)-1].Position)
	}
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, e.Position)
	}
	return b.String()
}
