package sqlite_test

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
)

// TestPublisher_isAFaceOverAppend checks that Publish records what
// Store.Append records, with the same checks: an event message becomes an
// event on its stream with its UUID as event id, republishing it writes
// nothing, and a message Append would refuse is refused with nothing
// written, a whole Publish call to one stream being one append.
func TestPublisher_isAFaceOverAppend(t *testing.T) {
	store, err := sqlite.Open(sqlite.Config{Path: filepath.Join(t.TempDir(), "events.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	pub := store.Publisher()
	event := func(uuid, payload string) *message.Message {
		m := message.NewMessage(uuid, []byte(payload))
		m.Metadata.Set(events.MetaType, "claim.noted")
		m.Metadata.Set(events.MetaStreamID, "claim-7")
		m.Metadata.Set(events.MetaActor, "ana")
		return m
	}

	first, second := event(events.NewEventID(), `{"n":1}`), event(events.NewEventID(), `{"n":2}`)
	if err := pub.Publish("claim", first, second); err != nil {
		t.Fatal(err)
	}
	got, err := store.ReadStream(t.Context(), "claim-7", events.ReadStreamOptions{})
	if err != nil || len(got) != 2 {
		t.Fatalf("ReadStream(claim-7) = %d events, %v; want the 2 published", len(got), err)
	}
	for i, m := range []*message.Message{first, second} {
		e := got[i]
		if e.EventID != m.UUID || e.Type != "claim.noted" || e.Actor != "ana" || e.Topic != "claim" || string(e.Payload) != string(m.Payload) ||
			e.Version != uint64(i+1) || m.Metadata.Get(events.MetaPosition) != itoa(e.Position) || m.Metadata.Get(events.MetaVersion) != itoa(e.Version) {
			t.Errorf("event %d = %+v, message metadata %v; want the message recorded as v%d with its position", i, e, m.Metadata, i+1)
		}
	}
	head := mustHead(t, store)

	// Republishing is a retry: the first result, nothing written.
	again := event(first.UUID, `{"n":1}`)
	if err := pub.Publish("claim", again); err != nil {
		t.Fatalf("republish: %v", err)
	}
	if again.Metadata.Get(events.MetaPosition) != itoa(got[0].Position) || mustHead(t, store) != head {
		t.Errorf("republish landed at %s, head %d; want position %d and nothing written", again.Metadata.Get(events.MetaPosition), mustHead(t, store), got[0].Position)
	}

	stale := event(events.NewEventID(), `{"n":3}`)
	stale.Metadata.Set(sqlite.MetaExpectedVersion, "0")
	foreign := event(events.NewEventID(), `{"n":4}`)
	foreign.Metadata.Set("trace", "x")
	for name, tc := range map[string]struct {
		msgs []*message.Message
		want error
	}{
		"stale expected version":     {[]*message.Message{stale}, events.ErrConcurrency},
		"metadata beyond the fields": {[]*message.Message{foreign}, events.ErrInvalidEvent},
		"second of a call not JSON":  {[]*message.Message{event(events.NewEventID(), `{"n":5}`), event(events.NewEventID(), `{`)}, events.ErrInvalidEvent},
		"payload over the limit":     {[]*message.Message{event(events.NewEventID(), `"`+strings.Repeat("x", sqlite.DefaultMaxPayloadBytes)+`"`)}, events.ErrPayloadTooLarge},
	} {
		if err := pub.Publish("claim", tc.msgs...); !errors.Is(err, tc.want) {
			t.Errorf("%s: Publish = %v, want errors.Is %v", name, err, tc.want)
		}
		if h := mustHead(t, store); h != head {
			t.Errorf("%s: head moved from %d to %d", name, head, h)
		}
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
