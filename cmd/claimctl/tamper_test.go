package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // the test edits the ledger behind the server's back
)

// TestAuditVerify_detectsRowEditedBehindTheServer stops claimsd, drops the
// trigger that keeps the events table append-only, rewrites one event's
// payload, and expects claimsd to refuse the ledger at start, and `audit
// verify` on a server started with --allow-broken-ledger to exit 12 naming
// that position.
func TestAuditVerify_detectsRowEditedBehindTheServer(t *testing.T) {
	s := startServer(t)
	s.must(s.admin, "ingest", articleFile, "--published", "2026-03-10")
	s.must(s.admin, "confirm", "df303046ed070867-03", "--note", "matches the budget")
	if out := s.must(s.admin, "audit", "verify"); !strings.HasPrefix(out, "ok:") {
		t.Fatalf("untouched ledger: %s", out)
	}
	s.stop()

	db, err := sql.Open("sqlite3", filepath.Join(s.dir, "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	var pos int64
	var payload string
	if err := db.QueryRow(`SELECT position, payload FROM events WHERE type = 'review.submitted' ORDER BY position LIMIT 1`).Scan(&pos, &payload); err != nil {
		t.Fatal(err)
	}
	forged := strings.Replace(payload, "matches the budget", "made up entirely", 1)
	if forged == payload {
		t.Fatalf("payload %s lacks the note", payload)
	}
	if _, err := db.Exec(`UPDATE events SET payload = ? WHERE position = ?`, forged, pos); err == nil {
		t.Fatal("the append-only trigger let an UPDATE through")
	}
	if _, err := db.Exec(`DROP TRIGGER events_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE events SET payload = CAST(? AS BLOB) WHERE position = ?`, forged, pos); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// claimsd refuses the broken ledger, naming the position, unless asked
	// to serve it read-only.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, claimsdBin, s.args...).CombinedOutput()
	if code := exitCode(err); code != 1 || !strings.Contains(string(out), "position "+itoa(pos)) {
		t.Fatalf("claimsd on the tampered ledger: exit %d (%v), want 1 naming position %d:\n%s", code, err, pos, out)
	}
	s.args = append(s.args, "--allow-broken-ledger")
	s.startNotServing()
	r := s.run(s.admin, "audit", "verify")
	if r.code != exitBroken {
		t.Fatalf("audit verify after tampering: exit %d, want %d\nstdout: %s\nstderr: %s", r.code, exitBroken, r.stdout, r.stderr)
	}
	want := "position " + itoa(pos)
	if !strings.Contains(r.stdout, want) || !strings.Contains(r.stderr, want) {
		t.Errorf("audit verify does not name %s:\nstdout: %s\nstderr: %s", want, r.stdout, r.stderr)
	}
	t.Logf("stdout: %sstderr: %s", r.stdout, r.stderr)
	// The JSON report says the same, for scripts.
	r = s.run(s.admin, "audit", "verify", "-o", "json")
	if r.code != exitBroken || !strings.Contains(r.stdout, `"firstBadPosition": "`+itoa(pos)+`"`) {
		t.Errorf("audit verify -o json: exit %d\n%s", r.code, r.stdout)
	}
}

// exitCode is the exit status of a finished command, -1 if it did not exit.
func exitCode(err error) int {
	var ee *exec.ExitError
	if err == nil {
		return 0
	}
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestAuditVerify_pastTheEnd: an intact ledger is never reported broken.
// Verifying from the next position to be written is an empty range that
// verifies; from further on, the server answers OUT_OF_RANGE and claimctl
// exits 3, as for any refused input.
func TestAuditVerify_pastTheEnd(t *testing.T) {
	s := startServer(t)
	s.must(s.admin, "ingest", articleFile, "--published", "2026-03-10")
	out := s.must(s.admin, "audit", "verify")
	var head int64
	if _, err := fmt.Sscanf(out, "ok: %d events verified", &head); err != nil || head == 0 {
		t.Fatalf("audit verify: %q (%v)", out, err)
	}
	if out := s.must(s.admin, "audit", "verify", "--from", itoa(head)); !strings.HasPrefix(out, "ok: 1 events") {
		t.Errorf("audit verify --from head: %q", out)
	}
	if out := s.must(s.admin, "audit", "verify", "--from", itoa(head+1)); !strings.HasPrefix(out, "ok: 0 events") {
		t.Errorf("audit verify --from head+1: %q", out)
	}
	for _, from := range []int64{head + 2, head + 500} {
		r := s.run(s.admin, "audit", "verify", "--from", itoa(from))
		if r.code != 3 || !strings.Contains(r.stderr, "the log ends at "+itoa(head)) || strings.Contains(r.stdout, "BROKEN") {
			t.Errorf("audit verify --from %d (head %d): exit %d, want 3\nstdout: %s\nstderr: %s", from, head, r.code, r.stdout, r.stderr)
		}
	}
}
