package events

import (
	"errors"
	"testing"
)

func TestExpectedVersion_Matches(t *testing.T) {
	tests := []struct {
		e       ExpectedVersion
		current uint64
		want    bool
	}{
		{Any, 0, true},
		{Any, 7, true},
		{NoStream, 0, true},
		{NoStream, 1, false},
		{Exact(0), 0, true},
		{Exact(3), 3, true},
		{Exact(3), 2, false},
		{Exact(3), 4, false},
	}
	for _, tt := range tests {
		if got := tt.e.Matches(tt.current); got != tt.want {
			t.Errorf("%s.Matches(%d) = %v, want %v", tt.e, tt.current, got, tt.want)
		}
	}
}

func TestExpectedVersion_String(t *testing.T) {
	tests := map[ExpectedVersion]string{Any: "any", NoStream: "no stream", Exact(12): "12", -5: "invalid(-5)"}
	for e, want := range tests {
		if got := e.String(); got != want {
			t.Errorf("ExpectedVersion(%d).String() = %q, want %q", int64(e), got, want)
		}
	}
}

func TestExact_zeroIsNoStream(t *testing.T) {
	if Exact(0) != NoStream {
		t.Errorf("Exact(0) = %s, want NoStream", Exact(0))
	}
}

func TestConcurrencyError(t *testing.T) {
	var err error = &ConcurrencyError{StreamID: "claim-1", Expected: Exact(2), Current: 5}
	if !errors.Is(err, ErrConcurrency) {
		t.Error("errors.Is(ConcurrencyError, ErrConcurrency) = false")
	}
	if errors.Is(err, ErrIdempotencyConflict) {
		t.Error("a ConcurrencyError is also ErrIdempotencyConflict")
	}
	var ce *ConcurrencyError
	if wrapped := errors.Join(errors.New("append"), err); !errors.As(wrapped, &ce) || ce.Current != 5 {
		t.Errorf("errors.As through a wrap: %v", ce)
	}
	if want := `events: stream "claim-1" is at version 5, expected 2`; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}
