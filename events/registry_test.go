package events

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// claimExtracted is at schema v3: v1 had "amount" as a string, v2 renamed
// it to "value", v3 added the currency.
type claimExtracted struct {
	Value    string `json:"value"`
	Currency string `json:"currency"`
}

type claimFlagged struct {
	Check string `json:"check"`
}

func newTestRegistry() *Registry {
	r := NewRegistry()
	Register[claimExtracted](r, "claim.extracted", 3)
	Register[claimFlagged](r, "claim.flagged", 1)
	r.RegisterUpcaster("claim.extracted", 1, func(p json.RawMessage) (json.RawMessage, error) {
		var v1 struct{ Amount string }
		if err := json.Unmarshal(p, &v1); err != nil {
			return nil, err
		}
		return json.Marshal(map[string]string{"value": v1.Amount})
	})
	r.RegisterUpcaster("claim.extracted", 2, func(p json.RawMessage) (json.RawMessage, error) {
		var v2 map[string]string
		if err := json.Unmarshal(p, &v2); err != nil {
			return nil, err
		}
		v2["currency"] = "unknown"
		return json.Marshal(v2)
	})
	return r
}

func TestRegistry_Encode(t *testing.T) {
	r := newTestRegistry()
	for _, v := range []any{claimExtracted{Value: "2", Currency: "CNY"}, &claimExtracted{Value: "2", Currency: "CNY"}} {
		p, err := r.Encode(v)
		if err != nil {
			t.Fatalf("Encode(%T): %v", v, err)
		}
		if p.Type != "claim.extracted" || p.SchemaVersion != 3 || string(p.Payload) != `{"value":"2","currency":"CNY"}` || p.EventID != "" {
			t.Errorf("Encode(%T) = %+v, want claim.extracted v3 with the JSON payload", v, p)
		}
	}
}

func TestRegistry_Encode_unknownGoType(t *testing.T) {
	r := newTestRegistry()
	for _, v := range []any{struct{ X int }{}, nil, "text"} {
		if _, err := r.Encode(v); !errors.Is(err, ErrUnknownEventType) {
			t.Errorf("Encode(%T) = %v, want ErrUnknownEventType", v, err)
		}
	}
}

func TestRegistry_Decode_upcastsThroughEveryStep(t *testing.T) {
	r := newTestRegistry()
	tests := []struct {
		name    string
		version int
		payload string
		want    claimExtracted
	}{
		{"fromV1", 1, `{"Amount":"2 trillion"}`, claimExtracted{Value: "2 trillion", Currency: "unknown"}},
		{"fromV2", 2, `{"value":"280 billion"}`, claimExtracted{Value: "280 billion", Currency: "unknown"}},
		{"currentNeedsNoUpcast", 3, `{"value":"5","currency":"USD"}`, claimExtracted{Value: "5", Currency: "USD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Envelope{Position: 9, Type: "claim.extracted", SchemaVersion: tt.version, Payload: []byte(tt.payload)}
			got, err := r.Decode(&e)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if v, ok := got.(*claimExtracted); !ok || !reflect.DeepEqual(*v, tt.want) {
				t.Errorf("Decode = %#v, want &%#v", got, tt.want)
			}
			if string(e.Payload) != tt.payload {
				t.Errorf("Decode rewrote the envelope's payload to %s", e.Payload)
			}
		})
	}
}

func TestRegistry_Decode_refusesWhatItCannotRead(t *testing.T) {
	r := newTestRegistry()
	failing := NewRegistry()
	Register[claimFlagged](failing, "claim.flagged", 2)
	failing.RegisterUpcaster("claim.flagged", 1, func(json.RawMessage) (json.RawMessage, error) { return nil, errors.New("boom") })
	gap := NewRegistry()
	Register[claimFlagged](gap, "claim.flagged", 3)
	gap.RegisterUpcaster("claim.flagged", 2, func(p json.RawMessage) (json.RawMessage, error) { return p, nil })

	tests := []struct {
		name string
		reg  *Registry
		env  Envelope
		want error // nil: any error
		text string
	}{
		{"unknownType", r, Envelope{Type: "claim.unheard_of", SchemaVersion: 1, Payload: []byte(`{}`)}, ErrUnknownEventType, "claim.unheard_of"},
		{"schemaNewerThanThisBuild", r, Envelope{Type: "claim.extracted", SchemaVersion: 4, Payload: []byte(`{}`)}, ErrUnknownSchema, "v1..v3"},
		{"schemaZero", r, Envelope{Type: "claim.extracted", SchemaVersion: 0, Payload: []byte(`{}`)}, ErrUnknownSchema, "v0"},
		{"missingUpcasterStep", gap, Envelope{Type: "claim.flagged", SchemaVersion: 1, Payload: []byte(`{}`)}, ErrUnknownSchema, "from v1"},
		{"upcasterFails", failing, Envelope{Type: "claim.flagged", SchemaVersion: 1, Payload: []byte(`{}`)}, nil, "boom"},
		{"payloadDoesNotFit", r, Envelope{Type: "claim.flagged", SchemaVersion: 1, Payload: []byte(`{"check":7}`)}, nil, "decode claim.flagged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.env.Position = 42
			v, err := tt.reg.Decode(&tt.env)
			if err == nil {
				t.Fatalf("Decode = %#v, want an error", v)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Decode error %v, want errors.Is %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.text) || !strings.Contains(err.Error(), "42") {
				t.Errorf("Decode error %q should mention %q and the position 42", err, tt.text)
			}
		})
	}
}

func TestRegister_panicsOnProgrammingErrors(t *testing.T) {
	tests := []struct {
		name string
		do   func(r *Registry)
	}{
		{"duplicateName", func(r *Registry) { Register[claimFlagged](r, "claim.extracted", 1) }},
		{"duplicateGoType", func(r *Registry) { Register[claimExtracted](r, "claim.other", 1) }},
		{"schemaVersionZero", func(r *Registry) { Register[struct{ A int }](r, "claim.zero", 0) }},
		{"upcasterForUnknownType", func(r *Registry) { r.RegisterUpcaster("nope", 1, nil) }},
		{"upcasterFromCurrentVersion", func(r *Registry) { r.RegisterUpcaster("claim.extracted", 3, nil) }},
		{"upcasterFromZero", func(r *Registry) { r.RegisterUpcaster("claim.extracted", 0, nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("did not panic")
				}
			}()
			tt.do(newTestRegistry())
		})
	}
}
