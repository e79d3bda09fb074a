package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// Guarantee 6: reads are consistent and paging is stable.
func (s *suite) testPaging(t *testing.T) {
	st, _ := s.freshStore(t)
	// "page-1" gets 7 events in three appends, interleaved with other streams,
	// so its positions are not contiguous.
	for i, n := range []int{3, 2, 2} {
		mustAppend(t, st, events.AppendRequest{StreamID: "page-1", Expected: events.Any, Events: batch(n, 10*i)})
		mustAppend(t, st, events.AppendRequest{StreamID: fmt.Sprint("noise-", i), Expected: events.Any, Events: batch(i+1, 0)})
	}
	all := readAll(t, st, 0, 1)
	stream := readStream(t, st, "page-1", 1)
	n, ns := len(all), len(stream)
	if n != 13 || ns != 7 {
		t.Fatalf("log has %d events and page-1 %d, want 13 and 7", n, ns)
	}
	assertDensePositions(t, "ReadAll with page size 1", all, 1)
	assertDenseVersions(t, "ReadStream(page-1) with page size 1", stream, 1)

	for _, size := range []int{1, n - 1, n, n + 1, 0} {
		t.Run(fmt.Sprint("ReadAllPageSize", size), func(t *testing.T) {
			assertSameEnvelopes(t, fmt.Sprintf("ReadAll in pages of %d", size), readAll(t, st, 0, size), all)
		})
	}
	for _, size := range []int{1, ns - 1, ns, ns + 1, 0} {
		t.Run(fmt.Sprint("ReadStreamForwardPageSize", size), func(t *testing.T) {
			assertSameEnvelopes(t, fmt.Sprintf("ReadStream forward in pages of %d", size), readStream(t, st, "page-1", size), stream)
		})
		t.Run(fmt.Sprint("ReadStreamBackwardPageSize", size), func(t *testing.T) {
			want := slices.Clone(stream)
			slices.Reverse(want)
			assertSameEnvelopes(t, fmt.Sprintf("ReadStream backward in pages of %d", size), readStreamBackward(t, st, "page-1", size), want)
		})
	}

	t.Run("fromTheMiddle", func(t *testing.T) {
		fwd, err := st.ReadStream(t.Context(), "page-1", events.ReadStreamOptions{From: 4})
		if err != nil {
			t.Fatal(err)
		}
		assertSameEnvelopes(t, "ReadStream forward from version 4", fwd, stream[3:])
		back, err := st.ReadStream(t.Context(), "page-1", events.ReadStreamOptions{From: 4, Backward: true, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		assertSameEnvelopes(t, "ReadStream backward from version 4, limit 2", back, []events.Envelope{stream[3], stream[2]})
		page, err := st.ReadAll(t.Context(), 5, 3)
		if err != nil {
			t.Fatal(err)
		}
		assertSameEnvelopes(t, "ReadAll after 5, limit 3", page, all[5:8])
	})

	t.Run("pastTheEndIsEmpty", func(t *testing.T) {
		for _, after := range []uint64{uint64(n), uint64(n) + 5} {
			if got, err := st.ReadAll(t.Context(), after, 10); err != nil || len(got) != 0 {
				t.Errorf("ReadAll(after %d) = %d events, %v; want none and no error", after, len(got), err)
			}
		}
		if got, err := st.ReadStream(t.Context(), "page-1", events.ReadStreamOptions{From: uint64(ns) + 1}); err != nil || len(got) != 0 {
			t.Errorf("ReadStream(from %d) = %d events, %v; want none and no error", ns+1, len(got), err)
		}
	})

	t.Run("missingStreamIsEmptyNotAnError", func(t *testing.T) {
		for _, opts := range []events.ReadStreamOptions{{}, {Backward: true}} {
			got, err := st.ReadStream(t.Context(), "claim-never-written", opts)
			if err != nil || len(got) != 0 {
				t.Errorf("ReadStream(missing stream, %+v) = %d events, %v; want an empty slice and no error", opts, len(got), err)
			}
		}
	})

	t.Run("invalidStreamID", func(t *testing.T) {
		for _, id := range []string{"", "has space", "tab\tid", "ünïcode"} {
			if _, err := st.ReadStream(t.Context(), id, events.ReadStreamOptions{}); !errors.Is(err, events.ErrInvalidStreamID) {
				t.Errorf("ReadStream(%q) = %v, want errors.Is ErrInvalidStreamID", id, err)
			}
		}
	})

	t.Run("pagesStayStableWhileTheLogGrows", func(t *testing.T) {
		first, err := st.ReadStream(t.Context(), "page-1", events.ReadStreamOptions{Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		added := mustAppend(t, st, events.AppendRequest{StreamID: "page-1", Expected: events.Exact(uint64(ns)), Events: batch(2, 99)})
		rest := readStreamFrom(t, st, "page-1", first[len(first)-1].Version+1)
		got := append(first, rest...)
		assertSameEnvelopes(t, "paging across an append", got, append(slices.Clone(stream), added.Events...))
	})
}

// readStreamBackward reads a whole stream newest first in pages of limit.
// From 0 means the last version, so paging stops after version 1.
func readStreamBackward(t *testing.T, st events.Store, stream string, limit int) []events.Envelope {
	t.Helper()
	var out []events.Envelope
	var from uint64 // the last version
	for {
		page, err := st.ReadStream(t.Context(), stream, events.ReadStreamOptions{From: from, Backward: true, Limit: limit})
		if err != nil {
			t.Fatalf("ReadStream(%q, backward from %d, limit %d): %v", stream, from, limit, err)
		}
		if limit > 0 && len(page) > limit {
			t.Fatalf("ReadStream(%q, backward from %d, limit %d) returned %d events", stream, from, limit, len(page))
		}
		for i, e := range page {
			if e.StreamID != stream || (from != 0 && e.Version > from) || (i > 0 && e.Version >= page[i-1].Version) {
				t.Fatalf("ReadStream(%q, backward from %d, limit %d): envelope %d is %s v%d, out of order or after version %d",
					stream, from, limit, i, e.StreamID, e.Version, from)
			}
		}
		out = append(out, page...)
		if len(page) == 0 || page[len(page)-1].Version == 1 {
			return out
		}
		from = page[len(page)-1].Version - 1
	}
}

func readStreamFrom(t *testing.T, st events.Store, stream string, from uint64) []events.Envelope {
	t.Helper()
	page, err := st.ReadStream(t.Context(), stream, events.ReadStreamOptions{From: from})
	if err != nil {
		t.Fatalf("ReadStream(%q, from %d): %v", stream, from, err)
	}
	return page
}
