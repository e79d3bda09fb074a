package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// Guarantee 8: folding the log gives byte-identical results however it is
// read, and after a restart.
func (s *suite) testReplay(t *testing.T) {
	dir := t.TempDir()
	st := s.openStore(t, dir)
	payloads := []string{
		`{"amount": "2 trillion", "currency":"CNY"}`,
		`{"quote":"“we will”\u00a0act","nested":{"a":[1,2.50,-3e2]}}`,
		`"a bare string"`,
		`[ ]`,
		`{"note":"S&P <500>"}`,
	}
	for i := range 10 {
		p := evID("replay.folded", payloads[i%len(payloads)])
		p.Actor, p.CorrelationID = fmt.Sprint("actor-", i%2), fmt.Sprint("corr-", i)
		mustAppend(t, st, events.AppendRequest{StreamID: fmt.Sprint("claim-", i%3), Expected: events.Any,
			RequestID: fmt.Sprint("req-", i), Events: []events.Proposed{p, ev("replay.extra", `{}`)}})
	}
	head := mustHead(t, st)

	byPages := foldReadAll(t, st, 3)
	bySub := foldSubscribe(t, st, head.pos)
	if byPages != bySub {
		t.Errorf("fold over ReadAll pages %x differs from fold over Subscribe %x", byPages, bySub)
	}
	if again := foldReadAll(t, st, 0); again != byPages {
		t.Errorf("second fold over ReadAll %x differs from the first %x", again, byPages)
	}
	mustClose(t, st)

	st = s.openStore(t, dir)
	if got := foldReadAll(t, st, 7); got != byPages {
		t.Errorf("fold over ReadAll after reopening %x differs from before %x", got, byPages)
	}
	if got := foldSubscribe(t, st, head.pos); got != byPages {
		t.Errorf("fold over Subscribe after reopening %x differs from before %x", got, byPages)
	}
}

// folder is a stand-in projection: SHA-256 over the canonical JSON of every
// envelope, in order. Times are taken in UTC so that only the instant counts.
type folder struct{ h [sha256.Size]byte }

func (f *folder) add(t *testing.T, e events.Envelope) {
	t.Helper()
	e.RecordedAt = e.RecordedAt.UTC()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatalf("marshal position %d: %v", e.Position, err)
	}
	f.h = sha256.Sum256(append(f.h[:], b...))
}

func foldReadAll(t *testing.T, st events.Store, pageSize int) [sha256.Size]byte {
	t.Helper()
	var f folder
	for _, e := range readAll(t, st, 0, pageSize) {
		f.add(t, e)
	}
	return f.h
}

func foldSubscribe(t *testing.T, st events.Store, head uint64) [sha256.Size]byte {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	sub := subscribe(t, st, ctx, 0)
	var f folder
	for _, e := range collect(t, sub, 0, int(head)) {
		f.add(t, e)
	}
	return f.h
}
