package events

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateStreamID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"claim-01JD3Z", true},
		{"a", true},
		{"article-x_y.z:1~!", true},
		{strings.Repeat("c", MaxStreamIDLen), true},
		{"", false},
		{strings.Repeat("c", MaxStreamIDLen+1), false},
		{"claim 1", false},
		{"claim-1\n", false},
		{"\tclaim", false},
		{"claim-\x7f", false},
		{"claim-é", false},
		{"claim-\x00", false},
	}
	for _, tt := range tests {
		err := ValidateStreamID(tt.id)
		if tt.ok && err != nil {
			t.Errorf("ValidateStreamID(%.40q) = %v, want nil", tt.id, err)
		}
		if !tt.ok && !errors.Is(err, ErrInvalidStreamID) {
			t.Errorf("ValidateStreamID(%.40q) = %v, want ErrInvalidStreamID", tt.id, err)
		}
	}
}

func TestAppendRequest_Validate(t *testing.T) {
	const limit = 16
	ok := func() AppendRequest {
		return AppendRequest{StreamID: "claim-1", Expected: Any, Events: []Proposed{{Type: "claim.extracted", Payload: []byte(`{}`)}}}
	}
	with := func(f func(r *AppendRequest)) AppendRequest { r := ok(); f(&r); return r }
	tests := []struct {
		name string
		req  AppendRequest
		want error
	}{
		{"valid", ok(), nil},
		{"validExact", with(func(r *AppendRequest) { r.Expected = Exact(3) }), nil},
		{"validTopic", with(func(r *AppendRequest) { r.Topic = "claims" }), nil},
		{"payloadAtTheLimit", with(func(r *AppendRequest) { r.Events[0].Payload = []byte(`"` + strings.Repeat("x", limit-2) + `"`) }), nil},
		{"twoEventsWithoutIDs", with(func(r *AppendRequest) { r.Events = append(r.Events, r.Events[0]) }), nil},
		{"invalidStreamID", with(func(r *AppendRequest) { r.StreamID = "claim 1" }), ErrInvalidStreamID},
		{"invalidTopic", with(func(r *AppendRequest) { r.Topic = "a topic" }), ErrInvalidEvent},
		{"expectedBelowAny", with(func(r *AppendRequest) { r.Expected = -2 }), ErrInvalidEvent},
		{"noEvents", with(func(r *AppendRequest) { r.Events = nil }), ErrInvalidEvent},
		{"emptyType", with(func(r *AppendRequest) { r.Events[0].Type = "" }), ErrInvalidEvent},
		{"typeTooLong", with(func(r *AppendRequest) { r.Events[0].Type = strings.Repeat("t", 129) }), ErrInvalidEvent},
		{"typeNotUTF8", with(func(r *AppendRequest) { r.Events[0].Type = "\xff" }), ErrInvalidEvent},
		{"negativeSchema", with(func(r *AppendRequest) { r.Events[0].SchemaVersion = -1 }), ErrInvalidEvent},
		{"payloadOverTheLimit", with(func(r *AppendRequest) { r.Events[0].Payload = []byte(`"` + strings.Repeat("x", limit-1) + `"`) }), ErrPayloadTooLarge},
		{"payloadNotJSON", with(func(r *AppendRequest) { r.Events[0].Payload = []byte(`{"a":`) }), ErrInvalidEvent},
		{"payloadEmpty", with(func(r *AppendRequest) { r.Events[0].Payload = nil }), ErrInvalidEvent},
		{"eventIDTwice", with(func(r *AppendRequest) {
			r.Events[0].EventID = "e-1"
			r.Events = append(r.Events, r.Events[0])
		}), ErrInvalidEvent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.req.Validate(limit)
			if tt.want == nil && err != nil {
				t.Fatalf("Validate = %v, want nil", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("Validate = %v, want errors.Is %v", err, tt.want)
			}
		})
	}
}

func TestCategory(t *testing.T) {
	tests := map[string]string{"claim-42": "claim", "claim-4-2": "claim", "reviewer": "reviewer", "-x": ""}
	for id, want := range tests {
		if got := Category(id); got != want {
			t.Errorf("Category(%q) = %q, want %q", id, got, want)
		}
	}
	r := AppendRequest{StreamID: "claim-42"}
	if got := r.TopicOrCategory(); got != "claim" {
		t.Errorf("TopicOrCategory without a topic = %q, want claim", got)
	}
	r.Topic = "audits"
	if got := r.TopicOrCategory(); got != "audits" {
		t.Errorf("TopicOrCategory with a topic = %q, want audits", got)
	}
}
