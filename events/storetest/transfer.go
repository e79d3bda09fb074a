package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// Guarantee 10: export then import keeps ids, versions, order and hashes.
func (s *suite) testTransfer(t *testing.T) {
	src, _ := s.freshStore(t)
	payloads := []string{`{"n":1}`, `{"claim":"2 trillion yuan ($280 billion)","ok":true}`, `{"quote":"“we will”"}`, `[1,2]`}
	for i := range 6 {
		p := evID("claim.extracted", payloads[i%len(payloads)])
		p.Actor, p.CorrelationID, p.CausationID = "reviewer-1", fmt.Sprint("corr-", i), fmt.Sprint("cause-", i)
		mustAppend(t, src, events.AppendRequest{StreamID: fmt.Sprint("claim-", i%2), Expected: events.Any,
			RequestID: fmt.Sprint("req-", i), Events: []events.Proposed{p, ev("claim.flagged", `{}`)}})
	}
	all := readAll(t, src, 0, 0)
	srcHead := mustHead(t, src)

	t.Run("roundTripKeepsEverything", func(t *testing.T) {
		var buf bytes.Buffer
		if n, err := events.Export(t.Context(), src, &buf); err != nil || n != uint64(len(all)) {
			t.Fatalf("Export = %d, %v; want %d events", n, err, len(all))
		}
		dst, _ := s.freshStore(t)
		if n, err := events.Import(t.Context(), dst, &buf); err != nil || n != uint64(len(all)) {
			t.Fatalf("Import = %d, %v; want %d events", n, err, len(all))
		}
		assertSameEnvelopes(t, "imported log", readAll(t, dst, 0, 0), all)
		assertHead(t, dst, srcHead, "after import")
		assertVerifies(t, dst, 0, 0, uint64(len(all)))
		// The imported log goes on like the original.
		next := mustAppend(t, dst, events.AppendRequest{StreamID: "claim-0", Expected: events.Exact(6), Events: batch(1, 0)})
		if next.FromPosition != srcHead.pos+1 || next.FromVersion != 7 || !bytes.Equal(next.Events[0].PrevHash, srcHead.hash) {
			t.Errorf("append after import at position %d version %d prev %x, want position %d version 7 prev %x",
				next.FromPosition, next.FromVersion, next.Events[0].PrevHash, srcHead.pos+1, srcHead.hash)
		}
	})

	t.Run("roundTripKeepsPayloadBytesVerbatim", func(t *testing.T) {
		// Stored payload bytes are the hashed bytes: whitespace and the
		// characters encoding/json would HTML-escape must survive too.
		verbatim, _ := s.freshStore(t)
		for i, p := range []string{`{"claim": "2 trillion", "ok": true}`, `{"note":"S&P <500>"}`, "[1,\n 2]", "\"\u2028\""} {
			mustAppend(t, verbatim, events.AppendRequest{StreamID: "claim-v", Expected: events.Exact(uint64(i)), Events: []events.Proposed{ev("claim.noted", p)}})
		}
		want := readAll(t, verbatim, 0, 0)
		var buf bytes.Buffer
		if _, err := events.Export(t.Context(), verbatim, &buf); err != nil {
			t.Fatalf("Export: %v", err)
		}
		dst, _ := s.freshStore(t)
		if _, err := events.Import(t.Context(), dst, &buf); err != nil {
			t.Fatalf("Import of an export whose payloads hold whitespace and <, >, &: %v", err)
		}
		assertSameEnvelopes(t, "imported log", readAll(t, dst, 0, 0), want)
	})

	t.Run("importContinuesAStoreThatEndsWhereItBegins", func(t *testing.T) {
		dst, _ := s.freshStore(t)
		mustImport(t, dst, all[:5])
		mustImport(t, dst, all[5:])
		assertSameEnvelopes(t, "log imported in two parts", readAll(t, dst, 0, 0), all)
	})

	t.Run("importIntoAStoreThatDoesNotContinueIsErrNotEmpty", func(t *testing.T) {
		own, _ := s.freshStore(t)
		mustAppend(t, own, events.AppendRequest{StreamID: "claim-own", Expected: events.NoStream, Events: batch(1, 0)})
		part, _ := s.freshStore(t)
		mustImport(t, part, all[:5])
		tests := []struct {
			name string
			st   events.Store
			envs []events.Envelope
		}{
			{"storeHasItsOwnEvents", own, all},
			{"importStartsBeforeTheHead", part, all[3:]},
			{"importLeavesAGap", part, all[7:]},
			{"importRepeatsTheLog", part, all[:5]},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := readAll(t, tt.st, 0, 0)
				head := mustHead(t, tt.st)
				if err := tt.st.Import(t.Context(), tt.envs); !errors.Is(err, events.ErrNotEmpty) {
					t.Fatalf("Import of positions %s into a store at head %d = %v, want errors.Is ErrNotEmpty", positions(tt.envs), head.pos, err)
				}
				assertHead(t, tt.st, head, "after a refused import")
				assertSameEnvelopes(t, "log after a refused import", readAll(t, tt.st, 0, 0), before)
			})
		}
	})

	t.Run("brokenChainIsRefusedAndWritesNothing", func(t *testing.T) {
		tests := []struct {
			name   string
			mutate func(es []events.Envelope) []events.Envelope
		}{
			{"changedPayload", func(es []events.Envelope) []events.Envelope { es[6].Payload = []byte(`{"n":666}`); return es }},
			{"changedVersion", func(es []events.Envelope) []events.Envelope { es[6].Version++; return es }},
			{"changedHash", func(es []events.Envelope) []events.Envelope {
				es[6].Hash = bytes.Repeat([]byte{1}, events.HashSize)
				return es
			}},
			{"reordered", func(es []events.Envelope) []events.Envelope { es[5], es[6] = es[6], es[5]; return es }},
			{"deleted", func(es []events.Envelope) []events.Envelope { return slices.Delete(es, 6, 7) }},
			{"renumberedAfterDelete", func(es []events.Envelope) []events.Envelope {
				es = slices.Delete(es, 6, 7)
				for i := 6; i < len(es); i++ {
					es[i].Position--
				}
				return es
			}},
			{"firstDoesNotStartAtGenesis", func(es []events.Envelope) []events.Envelope {
				es[0].PrevHash = bytes.Repeat([]byte{7}, events.HashSize)
				return es
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				envs := tt.mutate(cloneEnvelopes(all))
				dst, _ := s.freshStore(t)
				if err := dst.Import(t.Context(), envs); err == nil {
					t.Fatalf("Import of a log with a %s event succeeded, want an error", tt.name)
				} else {
					t.Logf("Import refused it: %v", err)
				}
				assertHead(t, dst, headState{0, events.GenesisHash}, "after a refused import")
				if got := readAll(t, dst, 0, 0); len(got) != 0 {
					t.Errorf("a refused import wrote %d events (positions %s)", len(got), positions(got))
				}
			})
		}
	})
}

func mustImport(t *testing.T, st events.Store, envs []events.Envelope) {
	t.Helper()
	if err := st.Import(t.Context(), envs); err != nil {
		t.Fatalf("Import of positions %s: %v", positions(envs), err)
	}
}

// cloneEnvelopes copies es deeply enough that mutating a copy's slices
// cannot reach the original.
func cloneEnvelopes(es []events.Envelope) []events.Envelope {
	out := slices.Clone(es)
	for i := range out {
		out[i].Payload = slices.Clone(out[i].Payload)
		out[i].PrevHash = slices.Clone(out[i].PrevHash)
		out[i].Hash = slices.Clone(out[i].Hash)
	}
	return out
}
