package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// A ledger that cannot grow (SQLite's max_page_count fails the commit with
// SQLITE_FULL, as a full disk does): WriterHealth reports the failure and
// wakes its follower, and reports the recovery once a commit succeeds.
func TestStore_WriterHealth_followsFailingCommits(t *testing.T) {
	s, err := Open(Config{Path: filepath.Join(t.TempDir(), "events.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	appendOne := func(i int) error {
		_, err := s.Append(ctx, events.AppendRequest{StreamID: fmt.Sprint("claim-", i),
			Events: []events.Proposed{{Type: "claim.noted", Payload: []byte(`{"text":"` + strings.Repeat("x", 64<<10) + `"}`)}}})
		return err
	}
	if err := appendOne(0); err != nil {
		t.Fatal(err)
	}
	failing, changed := s.WriterHealth()
	if failing != nil {
		t.Fatalf("WriterHealth of a store that writes = %v", failing)
	}
	var pages int
	if err := s.wdb.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.wdb.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	if err := appendOne(1); err == nil {
		t.Fatal("an append to a ledger that cannot grow succeeded; the test does not fail the commit")
	}
	<-changed
	failing, changed = s.WriterHealth()
	if failing == nil || !strings.Contains(failing.Error(), "full") {
		t.Fatalf("WriterHealth while commits fail = %v, want the failure", failing)
	}
	if _, err := s.wdb.Exec("PRAGMA max_page_count = 1073741823"); err != nil {
		t.Fatal(err)
	}
	if err := appendOne(2); err != nil {
		t.Fatalf("append once there is room: %v", err)
	}
	<-changed
	if failing, _ := s.WriterHealth(); failing != nil {
		t.Fatalf("WriterHealth after a commit = %v, want nil", failing)
	}
}
