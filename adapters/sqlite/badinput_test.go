package sqlite_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
	_ "github.com/mattn/go-sqlite3"
)

// Bad input gets a clear typed error and changes nothing already recorded.

func TestAppend_refusesPayloadOverTheLimit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit int // 0 is the default, 1 MiB
		size  int
	}{
		{"default limit", 0, sqlite.DefaultMaxPayloadBytes + 1},
		{"configured limit", 100, 101},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := badOpen(t, sqlite.Config{MaxPayloadBytes: tc.limit})
			before := badRecordSome(t, s)
			_, err := s.Append(context.Background(), events.AppendRequest{
				StreamID: "claim-1", Expected: events.Any,
				Events: []events.Proposed{
					{Type: "claim.flagged", Payload: json.RawMessage(`{}`)},
					{Type: "claim.extracted", Payload: badJSONOfSize(tc.size)},
				},
			})
			if !errors.Is(err, events.ErrPayloadTooLarge) {
				t.Fatalf("Append of a %d-byte payload = %v, want ErrPayloadTooLarge", tc.size, err)
			}
			badUnchanged(t, s, before)
		})
	}
}

func TestAppend_acceptsPayloadAtTheLimit(t *testing.T) {
	s := badOpen(t, sqlite.Config{MaxPayloadBytes: 100})
	_, err := s.Append(context.Background(), events.AppendRequest{
		StreamID: "claim-1", Expected: events.Any,
		Events: []events.Proposed{{Type: "claim.extracted", Payload: badJSONOfSize(100)}},
	})
	if err != nil {
		t.Fatalf("Append of a payload exactly at the limit: %v", err)
	}
}

func TestAppend_refusesInvalidStreamID(t *testing.T) {
	s := badOpen(t, sqlite.Config{})
	before := badRecordSome(t, s)
	for _, id := range []string{
		"", " ", "claim 1", "claim-1\n", "\x00", "claim-\x7f", "claïm-1",
		strings.Repeat("c", events.MaxStreamIDLen+1),
	} {
		_, err := s.Append(context.Background(), events.AppendRequest{
			StreamID: id, Expected: events.Any,
			Events: []events.Proposed{{Type: "claim.extracted", Payload: json.RawMessage(`{}`)}},
		})
		if !errors.Is(err, events.ErrInvalidStreamID) {
			t.Errorf("Append to stream %q = %v, want ErrInvalidStreamID", id, err)
		}
		if _, err := s.ReadStream(context.Background(), id, events.ReadStreamOptions{}); !errors.Is(err, events.ErrInvalidStreamID) {
			t.Errorf("ReadStream of %q = %v, want ErrInvalidStreamID", id, err)
		}
	}
	badUnchanged(t, s, before)
}

type badClaimExtracted struct {
	Text string `json:"text"`
}

func TestDecode_refusesUnknownTypeAndNewerSchemaOfStoredEvents(t *testing.T) {
	s := badOpen(t, sqlite.Config{})
	ctx := context.Background()
	_, err := s.Append(ctx, events.AppendRequest{StreamID: "claim-1", Expected: events.NoStream, Events: []events.Proposed{
		{Type: "claim.extracted", SchemaVersion: 1, Payload: json.RawMessage(`{"text":"known"}`)},
		{Type: "claim.teleported", SchemaVersion: 1, Payload: json.RawMessage(`{}`)},
		{Type: "claim.extracted", SchemaVersion: 3, Payload: json.RawMessage(`{"text":"from the future"}`)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	before := badSnapshot(t, s)
	stored, err := s.ReadStream(ctx, "claim-1", events.ReadStreamOptions{})
	if err != nil || len(stored) != 3 {
		t.Fatalf("ReadStream = %d events, %v", len(stored), err)
	}
	reg := events.NewRegistry()
	events.Register[badClaimExtracted](reg, "claim.extracted", 1)

	v, err := reg.Decode(&stored[0])
	if err != nil || v.(*badClaimExtracted).Text != "known" {
		t.Errorf("Decode of a registered v1 event = %v, %v", v, err)
	}
	if _, err := reg.Decode(&stored[1]); !errors.Is(err, events.ErrUnknownEventType) {
		t.Errorf("Decode of an unregistered type = %v, want ErrUnknownEventType", err)
	}
	if _, err := reg.Decode(&stored[2]); !errors.Is(err, events.ErrUnknownSchema) {
		t.Errorf("Decode of schema v3 when v1 is registered = %v, want ErrUnknownSchema", err)
	}
	badUnchanged(t, s, before)
}

func TestOpen_refusesStoreHeldByAnotherOpenInTheSameProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	first, err := sqlite.Open(sqlite.Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	before := badRecordSome(t, first)
	second, err := sqlite.Open(sqlite.Config{Path: path})
	if !errors.Is(err, events.ErrLocked) {
		if second != nil {
			second.Close()
		}
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
	badUnchanged(t, first, before)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again := badOpenPath(t, path)
	badUnchanged(t, again, before)
}

const badLockHolderEnv = "CLAIMLEDGER_LOCK_HOLDER" // the path the child holds
const badLockHeld = "LOCK-HOLDER-READY"

func TestOpen_refusesStoreHeldByAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestBadInputLockHolder$", "-test.count=1")
	cmd.Env = append(os.Environ(), badLockHolderEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), badLockHeld) {
				ready <- true
				io.Copy(io.Discard, stdout)
				return
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			cmd.Wait()
			t.Fatalf("lock holder ended before holding the store: %v\n%s", cmd.ProcessState, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("lock holder not ready within 10s\n%s", stderr.String())
	}

	s, err := sqlite.Open(sqlite.Config{Path: path})
	if !errors.Is(err, events.ErrLocked) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Open while another process holds the store = %v, want ErrLocked", err)
	}

	stdin.Close() // the holder closes its store and exits
	if err := cmd.Wait(); err != nil {
		t.Fatalf("lock holder: %v\n%s", err, stderr.String())
	}
	s = badOpenPath(t, path)
	all, err := s.ReadAll(context.Background(), 0, 0)
	if err != nil || len(all) != 3 {
		t.Fatalf("after the holder exited: %d events, %v; want the holder's 3", len(all), err)
	}
	badUnchanged(t, s, all)
}

// TestBadInputLockHolder is the child of TestOpen_refusesStoreHeldByAnotherProcess:
// it opens the store, records three events, and holds the store until its
// stdin is closed.
func TestBadInputLockHolder(t *testing.T) {
	path := os.Getenv(badLockHolderEnv)
	if path == "" {
		t.Skip("run by TestOpen_refusesStoreHeldByAnotherProcess as a child process")
	}
	s, err := sqlite.Open(sqlite.Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	badRecordSome(t, s)
	os.Stdout.WriteString(badLockHeld + "\n")
	io.Copy(io.Discard, os.Stdin)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpen_refusesFileThatIsNotADatabase(t *testing.T) {
	random := make([]byte, 8192)
	rand.Read(random)
	corrupt := append([]byte("SQLite format 3\x00"), random[:4080]...)
	for _, tc := range []struct {
		name    string
		content []byte
	}{
		{"random bytes", random},
		{"text file", []byte("claim: the moon is made of cheese\nsource: nobody\n")},
		{"short text file", []byte("SQLite")},
		{"SQLite header over garbage", corrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "events.db")
			if err := os.WriteFile(path, tc.content, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := sqlite.Open(sqlite.Config{Path: path})
			if !errors.Is(err, events.ErrNotAStore) {
				if s != nil {
					s.Close()
				}
				t.Fatalf("Open = %v, want ErrNotAStore", err)
			}
			badFileUnchanged(t, path, tc.content)
		})
	}
}

// The other application's schema, rows and application id stay as they
// were. (Byte-for-byte equality is not asserted here: Open currently
// switches such a file to WAL mode before refusing it, a known adapter
// defect reported separately.)
func TestOpen_refusesSQLiteDatabaseOfAnotherApplication(t *testing.T) {
	path := filepath.Join(t.TempDir(), "invoices.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, cents INTEGER NOT NULL)",
		"INSERT INTO invoices (customer, cents) VALUES ('acme', 12500), ('globex', 900)",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	before := badForeignState(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	s, err := sqlite.Open(sqlite.Config{Path: path})
	if !errors.Is(err, events.ErrNotAStore) {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Open = %v, want ErrNotAStore", err)
	}
	badFileUnchanged(t, path, raw) // not even switched to WAL
	if _, err := os.Stat(path + ".lock"); !os.IsNotExist(err) {
		t.Errorf("a refused Open left %s.lock behind (stat: %v)", path, err)
	}
	db, err = sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if after := badForeignState(t, db); after != before {
		t.Errorf("the other application's database changed:\nbefore %s\nafter  %s", before, after)
	}
}

// badForeignState describes another application's database: its schema,
// application id and rows.
func badForeignState(t *testing.T, db *sql.DB) string {
	t.Helper()
	var schema, rows string
	var appID int
	if err := db.QueryRow("SELECT group_concat(sql, ';') FROM sqlite_schema").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("PRAGMA application_id").Scan(&appID); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT group_concat(id || ':' || customer || ':' || cents, ',') FROM invoices").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("schema %q, application id %d, rows %s", schema, appID, rows)
}

func TestTriggers_rejectUpdateAndDeleteThroughAnotherConnection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	s := badOpenPath(t, path)
	before := badRecordSome(t, s)

	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range append([]string{
		`UPDATE events SET payload = '{"text":"rewritten"}' WHERE position = 2`,
		`UPDATE events SET stream_id = 'claim-2'`,
		`DELETE FROM events WHERE position = 3`,
		`DELETE FROM events`,
	}, badReplaces...) {
		_, err := db.Exec(q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s = %v, want an error saying events are append-only", q, err)
		}
	}
	badUnchanged(t, s, before)
}

// badReplaces rewrite a stored event by inserting over it: REPLACE deletes
// the conflicting row without firing the delete trigger. Each conflicts on
// one unique key: the position, the event id, the stream and version.
var badReplaces = []string{
	`REPLACE INTO events SELECT position, stream_id, topic, version, event_id, type, schema_version,
		'{"text":"replaced"}', actor, request_id, correlation_id, causation_id, recorded_at, prev_hash, hash
		FROM events WHERE position = 2`,
	`INSERT OR REPLACE INTO events SELECT position, stream_id, topic, version, event_id, type, schema_version,
		'{"text":"replaced"}', actor, request_id, correlation_id, causation_id, recorded_at, prev_hash, hash
		FROM events WHERE position = 2`,
	`INSERT OR REPLACE INTO events SELECT 99, stream_id, topic, version, 'other-id', type, schema_version,
		payload, actor, request_id, correlation_id, causation_id, recorded_at, prev_hash, hash
		FROM events WHERE position = 1`,
	`INSERT OR REPLACE INTO events SELECT 99, stream_id, topic, 7, event_id, type, schema_version,
		payload, actor, request_id, correlation_id, causation_id, recorded_at, prev_hash, hash
		FROM events WHERE position = 3`,
	`PRAGMA recursive_triggers = OFF; REPLACE INTO events SELECT * FROM events WHERE position = 1`,
}

// A store created before events_no_replace existed gets it when opened.
func TestTriggers_olderStoreRefusesReplaceOnceOpened(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	s := badOpenPath(t, path)
	before := badRecordSome(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// What a version 1 store is: the same tables without the trigger.
	if _, err := db.Exec("DROP TRIGGER events_no_replace; PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	s = badOpenPath(t, path)
	var version int
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != 2 {
		t.Errorf("user_version after opening a version 1 store = %d, %v; want 2", version, err)
	}
	for _, q := range badReplaces {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s = %v, want an error saying events are append-only", q, err)
		}
	}
	badUnchanged(t, s, before)
}

func TestConfig_Validate_reportsEveryProblemAtOnce(t *testing.T) {
	cfg := sqlite.Config{
		Synchronous: "SOMETIMES", BusyTimeout: -time.Second,
		MaxPayloadBytes: -1, MaxBatch: -2, Readers: -3,
	}
	err := cfg.Validate()
	if err == nil {
		t.Fatal("Validate of a config with six problems = nil")
	}
	for _, want := range []string{"path is empty", `synchronous "SOMETIMES"`, "busy timeout -1s", "max payload -1", "max batch -2", "readers -3"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %q, does not mention %q", err, want)
		}
	}
	if s, err := sqlite.Open(cfg); err == nil {
		s.Close()
		t.Error("Open of an invalid config succeeded")
	}
}

// badOpen opens the store at cfg.Path, or a new one in a temporary
// directory when cfg.Path is empty, and closes it when the test ends.
func badOpen(t *testing.T, cfg sqlite.Config) *sqlite.Store {
	t.Helper()
	if cfg.Path == "" {
		cfg.Path = filepath.Join(t.TempDir(), "events.db")
	}
	s, err := sqlite.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func badOpenPath(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	return badOpen(t, sqlite.Config{Path: path})
}

// badRecordSome appends three events to two streams and returns the log.
func badRecordSome(t *testing.T, s *sqlite.Store) []events.Envelope {
	t.Helper()
	ctx := context.Background()
	for _, req := range []events.AppendRequest{
		{StreamID: "claim-1", Expected: events.NoStream, Events: []events.Proposed{
			{Type: "claim.extracted", Payload: json.RawMessage(`{"text":"water boils at 100C"}`)},
			{Type: "claim.flagged", Payload: json.RawMessage(`{"check":"units"}`)},
		}},
		{StreamID: "article-1", Expected: events.NoStream, Events: []events.Proposed{
			{Type: "article.ingested", Payload: json.RawMessage(`{"url":"https://example.org/a"}`)},
		}},
	} {
		if _, err := s.Append(ctx, req); err != nil {
			t.Fatalf("append to %s: %v", req.StreamID, err)
		}
	}
	return badSnapshot(t, s)
}

func badSnapshot(t *testing.T, s *sqlite.Store) []events.Envelope {
	t.Helper()
	all, err := s.ReadAll(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// badUnchanged checks that the log is exactly before and still verifies.
func badUnchanged(t *testing.T, s *sqlite.Store, before []events.Envelope) {
	t.Helper()
	after := badSnapshot(t, s)
	if !reflect.DeepEqual(after, before) {
		t.Errorf("the log changed: %d events before, %d after", len(before), len(after))
	}
	rep, err := s.Verify(context.Background(), 0, 0)
	if err != nil || !rep.OK() || rep.Checked != uint64(len(before)) {
		t.Errorf("Verify = %+v, %v; want OK with %d checked", rep, err, len(before))
	}
}

func badFileUnchanged(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		diff := 0
		for diff < min(len(got), len(want)) && got[diff] == want[diff] {
			diff++
		}
		t.Errorf("the file changed: %d bytes before, %d after, first difference at byte %d", len(want), len(got), diff)
	}
}

func badJSONOfSize(n int) json.RawMessage {
	return json.RawMessage(`"` + strings.Repeat("x", n-2) + `"`)
}
