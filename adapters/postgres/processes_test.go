package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
	"github.com/jackc/pgx/v5"
)

// TestTwoStoresOneOrder appends through two Stores on one schema (two
// pools, as two claimsd processes would have) at once, while a reader
// polls the log: the reader must never see a position before every lower
// one is visible, and in the end the log holds every acknowledged append
// once, at gap-free positions, on one verifying chain.
func TestTwoStoresOneOrder(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	stores := [2]*postgres.Store{openIn(t, dsn, schema, postgres.Config{}), openIn(t, dsn, schema, postgres.Config{})}
	const writers, appends = 8, 40 // per store
	ctx := t.Context()

	readerDone := make(chan error, 1)
	stop := make(chan struct{})
	go func() { readerDone <- readWithoutGaps(ctx, stores[1], stop) }()

	var wg sync.WaitGroup
	acked := make(chan events.AppendResult, 2*writers*appends)
	for si, s := range stores {
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range appends {
					req := events.AppendRequest{StreamID: fmt.Sprintf("claim-%d-%d", si, w), Expected: events.Exact(uint64(2 * i)),
						RequestID: fmt.Sprintf("req-%d-%d-%d", si, w, i),
						Events:    []events.Proposed{{Type: "Voted", Payload: []byte(`{"n":1}`)}, {Type: "Voted", Payload: []byte(`{"n":2}`)}}}
					res, err := s.Append(ctx, req)
					if err != nil {
						t.Errorf("store %d append %s: %v", si, req.RequestID, err)
						return
					}
					acked <- res
				}
			}()
		}
	}
	wg.Wait()
	close(stop)
	if err := <-readerDone; err != nil {
		t.Fatal(err)
	}
	close(acked)

	const total = 2 * writers * appends * 2
	if t.Failed() {
		return
	}
	seen := map[uint64]bool{}
	for res := range acked {
		for _, e := range res.Events {
			if seen[e.Position] {
				t.Fatalf("position %d acknowledged twice", e.Position)
			}
			seen[e.Position] = true
		}
	}
	for p := uint64(1); p <= total; p++ {
		if !seen[p] {
			t.Fatalf("position %d was never acknowledged (of %d)", p, total)
		}
	}
	for i, s := range stores {
		rep, err := s.Verify(ctx, 0, 0)
		if err != nil || !rep.OK() || rep.Checked != total {
			t.Fatalf("store %d: Verify = %+v, %v; want %d events checked", i, rep, err, total)
		}
	}
	// A retry through the other store is recognised by its request id.
	res, err := stores[1].Append(ctx, events.AppendRequest{StreamID: "claim-0-0", Expected: events.Exact(0), RequestID: "req-0-0-0",
		Events: []events.Proposed{{Type: "Voted", Payload: []byte(`{"n":1}`)}, {Type: "Voted", Payload: []byte(`{"n":2}`)}}})
	if err != nil || !res.Replayed || res.FromVersion != 1 {
		t.Fatalf("retry through the other store: %+v, %v; want the first result replayed", res, err)
	}
}

// readWithoutGaps polls the log until stop and one last read, failing
// when a page does not start right after the last position read or has a
// hole: position N+1 visible while N is not.
func readWithoutGaps(ctx context.Context, s *postgres.Store, stop <-chan struct{}) error {
	var last uint64
	for final := false; ; {
		select {
		case <-stop:
			final = true
		default:
		}
		page, err := s.ReadAll(ctx, last, 0)
		if err != nil {
			return err
		}
		for _, e := range page {
			if e.Position != last+1 {
				return fmt.Errorf("reader saw position %d right after %d", e.Position, last)
			}
			last = e.Position
		}
		if final && len(page) == 0 {
			return nil
		}
		if len(page) == 0 {
			time.Sleep(time.Millisecond)
		}
	}
}

// TestAppendOnly checks that the database itself refuses to change or
// remove recorded events and requests, whoever asks.
func TestAppendOnly(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	s, err := postgres.Open(postgres.Config{DSN: dsn, Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Append(t.Context(), events.AppendRequest{StreamID: "claim-1", Expected: events.Any, RequestID: "r1",
		Events: []events.Proposed{{Type: "Voted", Payload: []byte(`{}`)}}}); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for _, stmt := range []string{
		"UPDATE " + schema + ".events SET payload = '{\"x\":1}'",
		"DELETE FROM " + schema + ".events",
		"TRUNCATE " + schema + ".events",
		"UPDATE " + schema + ".requests SET stream_id = 'x'",
		"DELETE FROM " + schema + ".requests",
		"TRUNCATE " + schema + ".requests",
	} {
		if _, err := conn.Exec(t.Context(), stmt); err == nil {
			t.Errorf("%s: accepted, want it refused", stmt)
		}
	}
	if rep, err := s.Verify(t.Context(), 0, 0); err != nil || !rep.OK() || rep.Checked != 1 {
		t.Fatalf("Verify after the refused changes: %+v, %v", rep, err)
	}
}
