package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/events"
	_ "github.com/mattn/go-sqlite3"
)

// TestAuditVerify_signedCheckpointCatchesARewrittenChain rewrites a vote
// behind the server's back and recomputes every hash after it, head
// included: the chain verifies, since its rows agree with each other, but
// the checkpoint the server signed over the old head does not.
func TestAuditVerify_signedCheckpointCatchesARewrittenChain(t *testing.T) {
	keyDir := t.TempDir()
	key := filepath.Join(keyDir, "signing.key")
	s := startServer(t, "--signing-key", key, "--checkpoint-interval", "50ms")
	if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("signing key created: %v, mode %v; want 0600", err, st.Mode().Perm())
	}
	s.must(s.admin, "ingest", articleFile, "--published", "2026-03-10")
	s.must(s.admin, "confirm", "df303046ed070867-03", "--note", "matches the budget")
	pub := filepath.Join(keyDir, "ledger.pub")
	s.must(s.admin, "admin", "public-key", "--save", pub)
	if out := s.must(s.admin, "admin", "public-key"); !strings.HasPrefix(out, "-----BEGIN PUBLIC KEY-----") {
		t.Errorf("admin public-key printed %q", out)
	}
	s.stop() // a clean stop signs the head
	s.start()
	out := s.must(s.admin, "audit", "verify", "--public-key", pub)
	if !strings.Contains(out, "signed checkpoints verified") || strings.Contains(out, " 0 signed checkpoints") {
		t.Fatalf("untouched ledger with its key: %s", out)
	}
	// A key of another server is not this ledger's.
	other := startServer(t, "--signing-key", filepath.Join(t.TempDir(), "other.key"))
	otherPub := filepath.Join(keyDir, "other.pub")
	other.must(other.admin, "admin", "public-key", "--save", otherPub)
	if r := s.run(s.admin, "audit", "verify", "--public-key", otherPub); r.code != exitBroken || !strings.Contains(r.stdout, "another key") {
		t.Errorf("verify with another server's key: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	s.stop()

	pos := rewriteVote(t, filepath.Join(s.dir, "ledger.db"), "matches the budget", "made up entirely")

	s.start()
	if out := s.must(s.admin, "audit", "verify"); !strings.HasPrefix(out, "ok:") {
		t.Fatalf("the rewritten chain should agree with itself: %s", out)
	}
	r := s.run(s.admin, "audit", "verify", "--public-key", pub)
	if r.code != exitBroken || !strings.Contains(r.stdout, "chain was rewritten") {
		t.Fatalf("verify a chain rewritten at position %d with the key: exit %d, want %d\nstdout: %s\nstderr: %s", pos, r.code, exitBroken, r.stdout, r.stderr)
	}
	t.Logf("%s", r.stdout)
}

// rewriteVote replaces old with new in the first vote's payload and
// recomputes the hash of that event and of every one after it, the
// recorded head and the store's record of what it verified, as someone
// holding the file could.
func rewriteVote(t *testing.T, path, old, new string) int64 {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{`DROP TRIGGER events_no_update`, `DROP TRIGGER events_no_delete`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	var from int64
	if err := db.QueryRow(`SELECT position FROM events WHERE type = 'review.submitted' ORDER BY position LIMIT 1`).Scan(&from); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT position, stream_id, topic, version, event_id, type, schema_version, payload, actor, request_id,
		correlation_id, causation_id, recorded_at, prev_hash FROM events WHERE position >= ? ORDER BY position`, from)
	if err != nil {
		t.Fatal(err)
	}
	var evs []events.Envelope
	for rows.Next() {
		var e events.Envelope
		var recorded int64
		var payload []byte
		if err := rows.Scan(&e.Position, &e.StreamID, &e.Topic, &e.Version, &e.EventID, &e.Type, &e.SchemaVersion, &payload,
			&e.Actor, &e.RequestID, &e.CorrelationID, &e.CausationID, &recorded, &e.PrevHash); err != nil {
			t.Fatal(err)
		}
		e.Payload, e.RecordedAt = payload, time.Unix(0, recorded).UTC()
		evs = append(evs, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	forged := strings.Replace(string(evs[0].Payload), old, new, 1)
	if forged == string(evs[0].Payload) {
		t.Fatalf("payload %s lacks %q", evs[0].Payload, old)
	}
	evs[0].Payload = []byte(forged)
	chain := events.NewChain(evs[0].PrevHash)
	for i := range evs {
		chain.Seal(&evs[i])
		if _, err := db.Exec(`UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE position = ?`,
			[]byte(evs[i].Payload), evs[i].PrevHash, evs[i].Hash, evs[i].Position); err != nil {
			t.Fatal(err)
		}
	}
	last := evs[len(evs)-1]
	if _, err := db.Exec(`UPDATE head SET hash = ? WHERE id = 1`, last.Hash); err != nil {
		t.Fatal(err)
	}
	// The store remembers the hash it verified at its last start, in the
	// same file: whoever rewrites the events forgets that too.
	if _, err := db.Exec(`DELETE FROM verified`); err != nil {
		t.Fatal(err)
	}
	return from
}
