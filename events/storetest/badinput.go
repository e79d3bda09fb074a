package storetest

import (
	"errors"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// Bad input is refused before any storage work and changes nothing.
func (s *suite) testBadInput(t *testing.T) {
	t.Run("refusedAndChangesNothing", s.testRefused)
	t.Run("useAfterCloseIsErrClosed", s.testUseAfterClose)
}

func (s *suite) testRefused(t *testing.T) {
	st, _ := s.freshStore(t)
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-1", Expected: events.NoStream, Events: batch(2, 0)})
	before := mustHead(t, st)
	dup := evID("a", `{}`)
	ok := batch(1, 0)

	tests := []struct {
		name string
		req  events.AppendRequest
		want error
	}{
		{"emptyStreamID", events.AppendRequest{StreamID: "", Expected: events.Any, Events: ok}, events.ErrInvalidStreamID},
		{"streamIDWithSpace", events.AppendRequest{StreamID: "claim 1", Expected: events.Any, Events: ok}, events.ErrInvalidStreamID},
		{"streamIDWithNewline", events.AppendRequest{StreamID: "claim-1\n", Expected: events.Any, Events: ok}, events.ErrInvalidStreamID},
		{"streamIDNotASCII", events.AppendRequest{StreamID: "claim-é", Expected: events.Any, Events: ok}, events.ErrInvalidStreamID},
		{"streamIDTooLong", events.AppendRequest{StreamID: strings.Repeat("c", events.MaxStreamIDLen+1), Expected: events.Any, Events: ok}, events.ErrInvalidStreamID},
		{"payloadOverTheLimit", events.AppendRequest{StreamID: "claim-1", Expected: events.Any, Events: []events.Proposed{ev("a", overLimitPayload)}}, events.ErrPayloadTooLarge},
		{"payloadNotJSON", events.AppendRequest{StreamID: "claim-1", Expected: events.Any, Events: []events.Proposed{ev("a", `{"unterminated":`)}}, events.ErrInvalidEvent},
		{"payloadEmpty", events.AppendRequest{StreamID: "claim-1", Expected: events.Any, Events: []events.Proposed{ev("a", ``)}}, events.ErrInvalidEvent},
		{"noEvents", events.AppendRequest{StreamID: "claim-1", Expected: events.Any}, events.ErrInvalidEvent},
		{"emptyType", events.AppendRequest{StreamID: "claim-1", Expected: events.Any, Events: []events.Proposed{ev("", `{}`)}}, events.ErrInvalidEvent},
		{"negativeSchemaVersion", events.AppendRequest{StreamID: "claim-1", Expected: events.Any, Events: []events.Proposed{{Type: "a", SchemaVersion: -1, Payload: []byte(`{}`)}}}, events.ErrInvalidEvent},
		{"invalidExpectedVersion", events.AppendRequest{StreamID: "claim-1", Expected: -2, Events: ok}, events.ErrInvalidEvent},
		{"eventIDTwiceInOneAppend", events.AppendRequest{StreamID: "claim-1", Expected: events.Any, Events: []events.Proposed{dup, dup}}, events.ErrInvalidEvent},
		{"invalidTopic", events.AppendRequest{StreamID: "claim-1", Topic: "no spaces", Expected: events.Any, Events: ok}, events.ErrInvalidEvent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := st.Append(t.Context(), tt.req)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Append = %+v, %v; want errors.Is %v", res, err, tt.want)
			}
			assertHead(t, st, before, "after refused input")
		})
	}
	// Refused input leaves the store working.
	if res := mustAppend(t, st, events.AppendRequest{StreamID: "claim-1", Expected: events.Exact(2), Events: ok}); res.FromPosition != before.pos+1 {
		t.Errorf("append after refused input at position %d, want %d", res.FromPosition, before.pos+1)
	}
}

func (s *suite) testUseAfterClose(t *testing.T) {
	st, _ := s.freshStore(t)
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-1", Expected: events.NoStream, Events: batch(1, 0)})
	mustClose(t, st)
	ctx := t.Context()

	_, err := st.Append(ctx, events.AppendRequest{StreamID: "claim-1", Expected: events.Any, Events: batch(1, 1)})
	if !errors.Is(err, events.ErrClosed) {
		t.Errorf("Append after Close = %v, want errors.Is ErrClosed", err)
	}
	checks := map[string]func() error{
		"ReadAll":    func() error { _, err := st.ReadAll(ctx, 0, 0); return err },
		"ReadStream": func() error { _, err := st.ReadStream(ctx, "claim-1", events.ReadStreamOptions{}); return err },
		"Head":       func() error { _, _, err := st.Head(ctx); return err },
		"Verify":     func() error { _, err := st.Verify(ctx, 0, 0); return err },
		"Subscribe":  func() error { _, err := st.Subscribe(ctx, 0); return err },
	}
	for name, call := range checks {
		if err := call(); !errors.Is(err, events.ErrClosed) {
			t.Errorf("%s after Close = %v, want errors.Is ErrClosed", name, err)
		}
	}
}
