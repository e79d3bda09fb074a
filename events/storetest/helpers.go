package storetest

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/claimledger/claimledger/events"
)

// waitLimit bounds every wait on a subscription, so a broken store fails
// the test instead of hanging it.
const waitLimit = 30 * time.Second

// handle makes Close idempotent, so a test may close a store explicitly
// and still rely on the cleanup that closes it when the test ends.
type handle struct {
	events.Store
	once sync.Once
	err  error
}

func (h *handle) Close() error {
	h.once.Do(func() { h.err = h.Store.Close() })
	return h.err
}

// openStore opens the store in dir and closes it when the test ends.
func (s *suite) openStore(t *testing.T, dir string) *handle {
	t.Helper()
	st, err := s.open(t, dir)
	if err != nil {
		t.Fatalf("open store in %s: %v", dir, err)
	}
	h := &handle{Store: st}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

// freshStore opens a new store in its own temporary directory.
func (s *suite) freshStore(t *testing.T) (*handle, string) {
	t.Helper()
	dir := t.TempDir()
	return s.openStore(t, dir), dir
}

func mustClose(t *testing.T, st events.Store) {
	t.Helper()
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// ev is a proposed event with a store-generated id.
func ev(typ, payload string) events.Proposed {
	return events.Proposed{Type: typ, Payload: []byte(payload)}
}

// evID is a proposed event with its own idempotency key.
func evID(typ, payload string) events.Proposed {
	p := ev(typ, payload)
	p.EventID = events.NewEventID()
	return p
}

// batch returns n events numbered from first, of type "test.happened".
func batch(n, first int) []events.Proposed {
	out := make([]events.Proposed, n)
	for i := range out {
		out[i] = ev("test.happened", fmt.Sprintf(`{"n":%d}`, first+i))
	}
	return out
}

func mustAppend(t *testing.T, st events.Store, req events.AppendRequest) events.AppendResult {
	t.Helper()
	res, err := st.Append(t.Context(), req)
	if err != nil {
		t.Fatalf("Append(stream %q, expected %s, %d events): %v", req.StreamID, req.Expected, len(req.Events), err)
	}
	return res
}

type headState struct {
	pos  uint64
	hash []byte
}

func mustHead(t *testing.T, st events.Store) headState {
	t.Helper()
	pos, hash, err := st.Head(t.Context())
	if err != nil {
		t.Fatalf("Head: %v", err)
	}
	return headState{pos, hash}
}

func assertHead(t *testing.T, st events.Store, want headState, why string) {
	t.Helper()
	got := mustHead(t, st)
	if got.pos != want.pos || !bytes.Equal(got.hash, want.hash) {
		t.Errorf("%s: Head = (%d, %x), want (%d, %x)", why, got.pos, got.hash, want.pos, want.hash)
	}
}

// readAll reads the whole log after after in pages of limit.
func readAll(t *testing.T, st events.Store, after uint64, limit int) []events.Envelope {
	t.Helper()
	var out []events.Envelope
	for {
		page, err := st.ReadAll(t.Context(), after, limit)
		if err != nil {
			t.Fatalf("ReadAll(after %d, limit %d): %v", after, limit, err)
		}
		if len(page) == 0 {
			return out
		}
		if limit > 0 && len(page) > limit {
			t.Fatalf("ReadAll(after %d, limit %d) returned %d events", after, limit, len(page))
		}
		for i, e := range page {
			if e.Position <= after || (i > 0 && e.Position <= page[i-1].Position) {
				t.Fatalf("ReadAll(after %d, limit %d): envelope %d has position %d, out of order or not after %d (positions %s)",
					after, limit, i, e.Position, after, positions(page))
			}
		}
		out = append(out, page...)
		after = page[len(page)-1].Position
	}
}

// readStream reads a whole stream forward in pages of limit.
func readStream(t *testing.T, st events.Store, stream string, limit int) []events.Envelope {
	t.Helper()
	var out []events.Envelope
	from := uint64(1)
	for {
		page, err := st.ReadStream(t.Context(), stream, events.ReadStreamOptions{From: from, Limit: limit})
		if err != nil {
			t.Fatalf("ReadStream(%q, from %d, limit %d): %v", stream, from, limit, err)
		}
		if len(page) == 0 {
			return out
		}
		if limit > 0 && len(page) > limit {
			t.Fatalf("ReadStream(%q, from %d, limit %d) returned %d events", stream, from, limit, len(page))
		}
		for i, e := range page {
			if e.StreamID != stream || e.Version < from || (i > 0 && e.Version <= page[i-1].Version) {
				t.Fatalf("ReadStream(%q, from %d, limit %d): envelope %d is %s v%d, out of order or before version %d",
					stream, from, limit, i, e.StreamID, e.Version, from)
			}
		}
		out = append(out, page...)
		from = page[len(page)-1].Version + 1
	}
}

// collect reads the n envelopes after position after from sub. It fails at
// once on a skipped or repeated position, and after waitLimit.
func collect(t *testing.T, sub events.Subscription, after uint64, n int) []events.Envelope {
	t.Helper()
	out := make([]events.Envelope, 0, n)
	timeout := time.NewTimer(waitLimit)
	defer timeout.Stop()
	for len(out) < n {
		select {
		case e, ok := <-sub.Events():
			if !ok {
				t.Fatalf("subscription ended after %d of %d events (last position %d): Err = %v", len(out), n, lastPos(out), sub.Err())
			}
			if want := after + uint64(len(out)) + 1; e.Position != want {
				t.Fatalf("subscription delivered position %d after %d, want %d (no skip, no repeat)", e.Position, want-1, want)
			}
			out = append(out, e)
		case <-timeout.C:
			t.Fatalf("subscription delivered %d of %d events in %v (last position %d)", len(out), n, waitLimit, lastPos(out))
		}
	}
	return out
}

// assertQuiet checks that sub delivers nothing more for a short while.
func assertQuiet(t *testing.T, sub events.Subscription) {
	t.Helper()
	select {
	case e, ok := <-sub.Events():
		if ok {
			t.Errorf("subscription delivered an unexpected extra event at position %d", e.Position)
		}
	case <-time.After(200 * time.Millisecond):
	}
}

func lastPos(es []events.Envelope) uint64 {
	if len(es) == 0 {
		return 0
	}
	return es[len(es)-1].Position
}

func subscribe(t *testing.T, st events.Store, ctx context.Context, after uint64) events.Subscription {
	t.Helper()
	sub, err := st.Subscribe(ctx, after)
	if err != nil {
		t.Fatalf("Subscribe(after %d): %v", after, err)
	}
	t.Cleanup(func() { _ = sub.Close() })
	return sub
}
