package main

import (
	"bytes"
	"database/sql"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/events"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
)

// A ledger restored from a backup, with the newer views kept: the views are
// ahead of the log, so they are rebuilt, never served. A token only the
// newer views knew no longer authenticates, and new writes show in reads
// (with the stale views their positions would count as applied already).
func TestE2E_viewsOfANewerLedgerAreRebuilt(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, dir)
	alice := ts.register("alice", pb.Role_ROLE_REVIEWER)
	ts.stop()
	backup := filepath.Join(t.TempDir(), "backup.db")
	crashCopyDB(t, ts.o.db, backup)

	ts = startServer(t, dir)
	bob := ts.register("bob", pb.Role_ROLE_REVIEWER)
	if _, err := ts.articles.IngestArticle(as(bob), benchArticle(1)); err != nil {
		t.Fatal(err)
	}
	ts.stop()
	bindRemove(t, ts.o.db)
	crashCopyDB(t, backup, ts.o.db)

	logs := &syncBuffer{}
	ts = startServerLog(t, dir, slog.New(slog.NewTextHandler(logs, nil)))
	if !strings.Contains(logs.String(), "rebuilding the views from the log") || !strings.Contains(logs.String(), "ahead of the log") {
		t.Errorf("no log line saying the views are rebuilt because they are ahead of the log:\n%s", logs.String())
	}
	_, err := ts.claims.ListClaims(as(bob), &pb.ListClaimsRequest{})
	wantCode(t, "a token only in the newer views", err, codes.Unauthenticated)
	res, err := ts.articles.IngestArticle(as(alice), benchArticle(2))
	if err != nil {
		t.Fatal(err)
	}
	list, err := ts.articles.ListArticles(as(alice), &pb.ListArticlesRequest{MinPosition: res.GetPosition()})
	if err != nil {
		t.Fatal(err)
	}
	if got := list.GetArticles(); len(got) != 1 || got[0].GetId() != res.GetArticle().GetId() || got[0].GetClaimCount() == 0 {
		t.Errorf("articles after the restore = %v, want only the one ingested since, with its claims", got)
	}
}

// Another ledger's views given as --views-db are rebuilt from this ledger.
func TestE2E_viewsOfAnotherLedgerAreRebuilt(t *testing.T) {
	other := startServer(t, t.TempDir())
	carol := other.register("carol", pb.Role_ROLE_REVIEWER)
	if _, err := other.articles.IngestArticle(as(carol), benchArticle(1)); err != nil {
		t.Fatal(err)
	}
	other.stop()

	logs := &syncBuffer{}
	ts := startServerLog(t, t.TempDir(), slog.New(slog.NewTextHandler(logs, nil)), "--views-db", other.o.viewsDB)
	if !strings.Contains(logs.String(), "made from another ledger") {
		t.Errorf("no log line saying the views are another ledger's:\n%s", logs.String())
	}
	_, err := ts.claims.ListClaims(as(carol), &pb.ListClaimsRequest{})
	wantCode(t, "the other ledger's token", err, codes.Unauthenticated)
	list, err := ts.articles.ListArticles(as(ts.admin), &pb.ListArticlesRequest{})
	if err != nil || len(list.GetArticles()) != 0 {
		t.Errorf("articles = %v, %v; want none, this ledger has none", list.GetArticles(), err)
	}
}

// A views file of garbage is moved aside (kept, in case it was not ours)
// and the views are rebuilt.
func TestE2E_corruptViewsAreRebuilt(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, dir)
	alice := ts.register("alice", pb.Role_ROLE_REVIEWER)
	ts.stop()
	garbage := bytes.Repeat([]byte("not a database \x00\xff"), 4096)
	bindRemove(t, ts.o.viewsDB)
	if err := os.WriteFile(ts.o.viewsDB, garbage, 0o600); err != nil {
		t.Fatal(err)
	}

	logs := &syncBuffer{}
	ts = startServerLog(t, dir, slog.New(slog.NewTextHandler(logs, nil)))
	if !strings.Contains(logs.String(), "views file is corrupt") {
		t.Errorf("no log line saying the views file is corrupt:\n%s", logs.String())
	}
	if _, err := ts.claims.ListClaims(as(alice), &pb.ListClaimsRequest{}); err != nil {
		t.Errorf("alice's token after the views were rebuilt: %v", err)
	}
	aside, _ := filepath.Glob(ts.o.viewsDB + ".corrupt-*")
	if len(aside) != 1 {
		t.Fatalf("moved-aside files = %v, want one", aside)
	}
	if b, err := os.ReadFile(aside[0]); err != nil || !bytes.Equal(b, garbage) {
		t.Errorf("the moved-aside file does not hold what was there: %v", err)
	}
}

// Another application's SQLite database given as --views-db is refused and
// left byte for byte as it was.
func TestE2E_anotherApplicationsDatabaseIsNotUsedAsViews(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "invoices.db")
	db, err := sql.Open("sqlite3", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, cents INTEGER); INSERT INTO invoices VALUES (1, 500)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, err := os.ReadFile(foreign)
	if err != nil {
		t.Fatal(err)
	}
	o := testOptions(t, dir, "--views-db", foreign)
	if srv, err := start(t.Context(), o, testLogger(t)); err == nil {
		srv.shutdown()
		t.Fatal("claimsd started with another application's database as its views")
	} else if !errors.Is(err, events.ErrNotAStore) || !strings.Contains(err.Error(), "another application") {
		t.Errorf("start = %v, want a refusal saying it is another application's database", err)
	}
	if after, err := os.ReadFile(foreign); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the other application's database changed (%v)", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(foreign + suffix); err == nil {
			t.Errorf("%s%s was created beside the other application's database", foreign, suffix)
		}
	}
}

// bindRemove deletes an SQLite file and its WAL and shared-memory files.
func bindRemove(t *testing.T, path string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
}
