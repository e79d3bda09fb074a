package main

import (
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// TestE2E_tamperedLedger changes the ledger file behind a stopped server's
// back. A start refuses the ledger (run exits 1 on its error), naming the
// position in the error and the log; with
// --allow-broken-ledger it serves reads, refuses writes with
// FAILED_PRECONDITION naming the position, says NOT_SERVING, and writes
// nothing.
func TestE2E_tamperedLedger(t *testing.T) {
	for _, tt := range []struct {
		name   string
		tamper func(t *testing.T, db *sql.DB) uint64 // returns the position the fault must name
	}{
		{"changedPayload", func(t *testing.T, db *sql.DB) uint64 {
			p := tamperPositions(t, db, "claim.extracted")[1]
			tamperExec(t, db, `UPDATE events SET payload = replace(payload, 'yuan', 'euro') WHERE position = ?`, p)
			return p
		}},
		{"swappedPayloads", func(t *testing.T, db *sql.DB) uint64 {
			ps := tamperPositions(t, db, "claim.extracted")
			tamperExec(t, db, `UPDATE events SET payload = CASE position WHEN ?1 THEN (SELECT payload FROM events WHERE position = ?2)
				ELSE (SELECT payload FROM events WHERE position = ?1) END WHERE position IN (?1, ?2)`, ps[0], ps[2])
			return ps[0]
		}},
		{"deletedTail", func(t *testing.T, db *sql.DB) uint64 {
			var last uint64
			if err := db.QueryRow("SELECT max(position) FROM events").Scan(&last); err != nil {
				t.Fatal(err)
			}
			tamperExec(t, db, `DELETE FROM events WHERE position >= ?`, last-1)
			return last - 1
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ts := startServer(t, dir)
			alice := ts.register("alice", pb.Role_ROLE_REVIEWER)
			if _, err := ts.articles.IngestArticle(as(alice), benchArticle(1)); err != nil {
				t.Fatal(err)
			}
			ts.stop()
			db := tamperOpen(t, ts.o.db)
			tamperExec(t, db, "DROP TRIGGER events_no_update")
			tamperExec(t, db, "DROP TRIGGER events_no_delete")
			at := tt.tamper(t, db)
			rows := tamperCount(t, db)
			want := fmt.Sprintf("position %d", at)

			refused := &syncBuffer{}
			if srv, err := start(t.Context(), ts.o, slog.New(slog.NewTextHandler(refused, nil))); err == nil {
				srv.shutdown()
				t.Fatalf("claimsd started on a ledger broken at %d:\n%s", at, refused.String())
			} else if !strings.Contains(err.Error(), want) || !strings.Contains(refused.String(), fmt.Sprintf("position=%d", at)) {
				t.Errorf("claimsd on a ledger broken at %d: %v, want an error and a log line naming the position:\n%s", at, err, refused.String())
			}

			logs := &syncBuffer{}
			ro := startServerLog(t, dir, slog.New(slog.NewTextHandler(logs, nil)), "--allow-broken-ledger")
			if !strings.Contains(logs.String(), fmt.Sprintf("position=%d", at)) {
				t.Errorf("no log line naming position %d:\n%s", at, logs.String())
			}
			res, err := healthpb.NewHealthClient(ro.conn).Check(t.Context(), &healthpb.HealthCheckRequest{})
			if err != nil || res.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
				t.Errorf("health of a broken ledger = %v, %v; want NOT_SERVING", res.GetStatus(), err)
			}
			if _, err := ro.claims.ListClaims(as(alice), &pb.ListClaimsRequest{}); err != nil {
				t.Errorf("a read on a broken ledger: %v", err)
			}
			if v, err := ro.ledger.VerifyLedger(as(ro.admin), &pb.VerifyLedgerRequest{}); err != nil || v.GetOk() || v.GetFirstBadPosition() != at {
				t.Errorf("VerifyLedger = %v, %v; want the fault at %d", v, err, at)
			}
			_, err = ro.articles.IngestArticle(as(alice), benchArticle(2))
			wantCode(t, "ingest on a broken ledger", err, codes.FailedPrecondition)
			if !strings.Contains(status.Convert(err).Message(), want) {
				t.Errorf("the refusal does not name %s: %v", want, err)
			}
			_, err = ro.adminSvc.RegisterReviewer(as(ro.admin), &pb.RegisterReviewerRequest{RequestId: rid("reg"), Name: "bob", Role: pb.Role_ROLE_REVIEWER})
			wantCode(t, "register on a broken ledger", err, codes.FailedPrecondition)
			ro.stop()
			if got := tamperCount(t, db); got != rows {
				t.Errorf("the broken ledger went from %d to %d events", rows, got)
			}
		})
	}
}

func tamperOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.ToSlash(path)+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func tamperExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("tamper: %s: %v", q, err)
	}
}

// tamperPositions lists the positions of the events of type typ, at least three.
func tamperPositions(t *testing.T, db *sql.DB, typ string) []uint64 {
	t.Helper()
	rows, err := db.Query("SELECT position FROM events WHERE type = ? ORDER BY position", typ)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ps []uint64
	for rows.Next() {
		var p uint64
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	if len(ps) < 3 {
		t.Fatalf("%d events of type %s, want at least 3", len(ps), typ)
	}
	return ps
}

func tamperCount(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM events").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
