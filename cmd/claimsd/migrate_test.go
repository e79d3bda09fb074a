package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// TestMigrate_copiesASQLiteLedgerToPostgres: a ledger written by claimsd
// on SQLite is copied into PostgreSQL with every event as it was (the
// export of both logs is byte for byte the same: ids, versions, positions,
// times, payloads, hashes); a second migrate into the now non-empty
// database is refused and changes nothing; and claimsd serves the copy:
// the chain verifies, the old admin credential works, the claim keeps its
// vote.
func TestMigrate_copiesASQLiteLedgerToPostgres(t *testing.T) {
	dsn := pgtest.NewDatabase(t, pgtest.DSN(t))
	dir := t.TempDir()
	ts := startServer(t, dir)
	alice := ts.register("alice", pb.Role_ROLE_REVIEWER)
	ing, err := ts.articles.IngestArticle(as(alice), &pb.IngestArticleRequest{RequestId: "ingest-1", Title: "Harbour budget",
		Body: "The port authority spent 40 million dollars on 12 cranes in 2024.\n", Url: "https://news.example.org/harbour", Published: "2026-03-10"})
	if err != nil {
		t.Fatal(err)
	}
	claimID := ing.GetClaims()[0].GetId()
	if _, err := ts.claims.SubmitReview(as(alice), &pb.SubmitReviewRequest{RequestId: "vote-1", ClaimId: claimID,
		Verdict: pb.Verdict_VERDICT_CONFIRM, EvidenceUrls: []string{"https://evidence.example.org/1"}}); err != nil {
		t.Fatal(err)
	}
	admin := ts.admin
	ts.stop()

	db := filepath.Join(dir, "claimledger.db")
	var stderr bytes.Buffer
	if code := run([]string{"migrate", "--from", db, "--to", dsn}, &stderr); code != exitOK {
		t.Fatalf("migrate: exit %d\n%s", code, stderr.String())
	}
	want := exportLog(t, db, "")
	got := exportLog(t, "", dsn)
	if !bytes.Equal(got, want) || len(want) == 0 {
		t.Fatalf("the copy's log differs from the original's (%d and %d bytes of export)", len(got), len(want))
	}
	stderr.Reset()
	if code := run([]string{"migrate", "--from", db, "--to", dsn}, &stderr); code != exitFail || !strings.Contains(stderr.String(), "holds a ledger already") {
		t.Errorf("migrate into a non-empty database: exit %d\n%s", code, stderr.String())
	}
	if again := exportLog(t, "", dsn); !bytes.Equal(again, want) {
		t.Error("the refused migrate changed the target")
	}

	pg := startServer(t, t.TempDir(), "--db", dsn, "--admin-token-file", filepath.Join(dir, "admin.token"))
	if pg.admin != admin {
		t.Fatal("the admin token file was rewritten: the copy created another admin")
	}
	if n := pg.verify(); n == 0 {
		t.Error("the copy's chain verifies over no event")
	}
	res, err := pg.claims.GetClaim(as(alice), &pb.GetClaimRequest{Id: claimID})
	if err != nil {
		t.Fatalf("alice's credential on the copy: %v", err)
	}
	if res.GetClaim().GetStatus() != pb.ClaimStatus_CLAIM_STATUS_CONFIRMED {
		t.Errorf("claim on the copy: %v, want confirmed", res.GetClaim().GetStatus())
	}
}

// exportLog is events.Export of the SQLite store at path, or of the
// PostgreSQL store at dsn.
func exportLog(t *testing.T, path, dsn string) []byte {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var s events.Store
	var err error
	if dsn != "" {
		s, err = postgres.Open(postgres.Config{DSN: dsn, Logger: log})
	} else {
		s, err = sqlite.Open(sqlite.Config{Path: path, Logger: log})
	}
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b bytes.Buffer
	if _, err := events.Export(context.Background(), s, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
