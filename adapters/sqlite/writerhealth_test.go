package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/events"
	sqlite3 "github.com/mattn/go-sqlite3"
)

// waitTurn waits for a WriterHealth channel, for at most ten seconds.
func waitTurn(t *testing.T, changed <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-changed:
	case <-time.After(10 * time.Second):
		t.Fatalf("WriterHealth did not turn: %s", what)
	}
}

// A ledger that cannot grow (max_page_count fails the insert with
// SQLITE_FULL, as a full disk does, inside the transaction rather than at
// its commit): WriterHealth reports the failure and wakes its follower; the
// writer's probes keep it failing while there is no room, and report the
// recovery once there is, before any append comes (a server marked
// NOT_SERVING may get none).
func TestStore_WriterHealth_followsAFullLedger(t *testing.T) {
	s, err := Open(Config{Path: filepath.Join(t.TempDir(), "events.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	appendOne := func(i int, size int) error {
		_, err := s.Append(ctx, events.AppendRequest{StreamID: fmt.Sprint("claim-", i),
			Events: []events.Proposed{{Type: "claim.noted", Payload: []byte(`{"text":"` + strings.Repeat("x", size) + `"}`)}}})
		return err
	}
	if err := appendOne(0, 10); err != nil {
		t.Fatal(err)
	}
	failing, changed := s.WriterHealth()
	if failing != nil {
		t.Fatalf("WriterHealth of a store that writes = %v", failing)
	}
	if _, err := s.LimitSize(ctx, 1); err != nil { // as small as the file is
		t.Fatal(err)
	}
	err = appendOne(1, 64<<10)
	if err == nil {
		t.Fatal("a 64 KiB append to a ledger that cannot grow succeeded; the test does not fill the ledger")
	}
	waitTurn(t, changed, "after an append failed on a full ledger")
	failing, changed = s.WriterHealth()
	if failing == nil || !strings.Contains(failing.Error(), "full") {
		t.Fatalf("WriterHealth while the ledger is full = %v, want the failure", failing)
	}
	time.Sleep(2*events.ProbeInterval + events.ProbeInterval/2) // two probes, at least, find no room
	if f, _ := s.WriterHealth(); f == nil || !strings.Contains(f.Error(), "full") {
		t.Fatalf("WriterHealth after probes of the full ledger = %v, want it still failing", f)
	}

	if _, err := s.LimitSize(ctx, 0); err != nil {
		t.Fatal(err)
	}
	waitTurn(t, changed, "once there is room, with no append")
	if failing, _ := s.WriterHealth(); failing != nil {
		t.Fatalf("WriterHealth once there is room = %v, want nil", failing)
	}
	var probes int
	if err := s.rdb.QueryRowContext(ctx, "SELECT count(*) FROM requests WHERE request_id = ''").Scan(&probes); err != nil || probes != 0 {
		t.Fatalf("probe rows left in requests: %d, %v", probes, err)
	}
	if err := appendOne(2, 64<<10); err != nil {
		t.Fatalf("append once there is room: %v", err)
	}
	if rep, err := s.Verify(ctx, 1, 2); err != nil || !rep.OK() {
		t.Fatalf("verify after the full ledger recovered: %+v, %v", rep, err)
	}
}

// An append that commits also ends the failure, without waiting for a
// probe.
func TestStore_WriterHealth_clearedByACommit(t *testing.T) {
	s, err := Open(Config{Path: filepath.Join(t.TempDir(), "events.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	big := events.AppendRequest{StreamID: "claim-1", Events: []events.Proposed{{Type: "claim.noted", Payload: []byte(`"` + strings.Repeat("x", 64<<10) + `"`)}}}
	if _, err := s.LimitSize(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, big); err == nil {
		t.Fatal("a 64 KiB append to a ledger that cannot grow succeeded")
	}
	_, changed := s.WriterHealth()
	if _, err := s.LimitSize(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, big); err != nil {
		t.Fatalf("append once there is room: %v", err)
	}
	select { // the commit answered the append after it cleared the failure
	case <-changed:
	default:
		t.Fatal("WriterHealth still failing right after an append committed")
	}
}

// A request's own mistake is not the writer failing: a concurrency
// conflict leaves WriterHealth well and wakes nobody.
func TestStore_WriterHealth_ignoresRefusedRequests(t *testing.T) {
	s, err := Open(Config{Path: filepath.Join(t.TempDir(), "events.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req := events.AppendRequest{StreamID: "claim-1", Expected: events.Exact(0),
		Events: []events.Proposed{{Type: "claim.noted", Payload: []byte(`{}`)}}}
	if _, err := s.Append(ctx, req); err != nil {
		t.Fatal(err)
	}
	_, changed := s.WriterHealth()
	var conflict *events.ConcurrencyError
	if _, err := s.Append(ctx, req); !errors.As(err, &conflict) {
		t.Fatalf("second append at version 0 = %v, want a concurrency conflict", err)
	}
	select {
	case <-changed:
		t.Fatal("a concurrency conflict turned WriterHealth")
	default:
	}
	if failing, _ := s.WriterHealth(); failing != nil {
		t.Fatalf("WriterHealth after a conflict = %v", failing)
	}
}

func TestStorageFailure(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("insert: %w", sqlite3.Error{Code: sqlite3.ErrFull}), true},
		{fmt.Errorf("%w: %w", errPartial, sqlite3.Error{Code: sqlite3.ErrIoErr, ExtendedCode: sqlite3.ErrIoErrWrite}), true},
		{sqlite3.Error{Code: sqlite3.ErrBusy}, true},
		{sqlite3.Error{Code: sqlite3.ErrConstraint, ExtendedCode: sqlite3.ErrConstraintUnique}, false},
		{&events.ConcurrencyError{StreamID: "claim-1"}, false},
		{events.ErrIdempotencyConflict, false},
		{nil, false},
	} {
		if got := storageFailure(c.err); got != c.want {
			t.Errorf("storageFailure(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
