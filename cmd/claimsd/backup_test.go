package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// backupWhileVoting takes a backup through the API while reviewers keep
// voting, and returns the file with the head the server said it ends at.
func backupWhileVoting(t *testing.T, ts *testServer, path string) (head uint64, hash string, headAfter uint64) {
	t.Helper()
	var claims []string
	for i := range 6 {
		res, err := ts.articles.IngestArticle(as(ts.admin), benchArticle(i))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range res.GetClaims() {
			claims = append(claims, c.GetId())
		}
	}
	voters := make([]string, 4)
	for i := range voters {
		voters[i] = ts.register(fmt.Sprintf("voter%d", i), pb.Role_ROLE_REVIEWER)
	}
	ctx, stop := context.WithCancel(context.Background())
	var acked atomic.Int64
	var wg sync.WaitGroup
	for _, tok := range voters {
		wg.Go(func() {
			for _, c := range claims {
				if ctx.Err() != nil {
					return
				}
				_, err := ts.claims.SubmitReview(as(tok), &pb.SubmitReviewRequest{RequestId: rid("vote"), ClaimId: c, Verdict: pb.Verdict_VERDICT_CONFIRM})
				if err != nil && ctx.Err() == nil {
					t.Errorf("vote: %v", err)
					return
				}
				acked.Add(1)
			}
		})
	}
	for acked.Load() < 20 {
		runtimeYield()
	}
	stream, err := ts.adminSvc.BackupLedger(as(ts.admin), &pb.BackupLedgerRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	for {
		res, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("backup: %v", err)
		}
		file.Write(res.GetChunk())
		if res.GetHeadHash() != "" {
			head, hash = res.GetHeadPosition(), res.GetHeadHash()
		}
	}
	votedDuring := acked.Load()
	for acked.Load() < votedDuring+10 { // writes go on after the backup too
		runtimeYield()
	}
	stop()
	wg.Wait()
	if err := os.WriteFile(path, file.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	h, _, err := ts.srv.store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return head, hash, h
}

func runtimeYield() { time.Sleep(time.Millisecond) }

func TestBackup_whileReviewersVote_restoresTheSameLedger(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, dir, "--quorum", "5") // four voters never decide a claim
	backup := filepath.Join(t.TempDir(), "ledger.backup")
	head, hash, headAfter := backupWhileVoting(t, ts, backup)
	if head == 0 || headAfter <= head {
		t.Fatalf("backup ends at %d, the log at %d after the votes: the writes did not go on", head, headAfter)
	}

	// A restore never replaces a ledger, and a bad copy writes nothing.
	if _, _, err := restore(context.Background(), backup, ts.o.db, testLogger(t)); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("restore over the serving ledger: %v", err)
	}
	b, _ := os.ReadFile(backup)
	lines := bytes.SplitAfter(b, []byte("\n"))
	for name, bad := range map[string][]byte{
		"cut short":       bytes.Join(lines[:len(lines)/2], nil),
		"without head":    bytes.Join(lines[:len(lines)-2], nil),
		"an event edited": bytes.Replace(b, []byte(`"type":"review.submitted"`), []byte(`"type":"review.retracted"`), 1),
	} {
		if bytes.Equal(bad, b) {
			t.Fatalf("%s: the copy is unchanged", name)
		}
		badPath := filepath.Join(t.TempDir(), "bad.backup")
		os.WriteFile(badPath, bad, 0o600)
		db := filepath.Join(t.TempDir(), "restored.db")
		if _, _, err := restore(context.Background(), badPath, db, testLogger(t)); err == nil {
			t.Errorf("%s: restored", name)
		}
		if _, err := os.Stat(db); err == nil {
			t.Errorf("%s: the refused restore left %s", name, db)
		}
	}

	restoredDir := t.TempDir()
	got, n, err := restore(context.Background(), backup, filepath.Join(restoredDir, "claimledger.db"), testLogger(t))
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if got.Position != head || hex.EncodeToString(got.Hash) != hash || n != head {
		t.Errorf("restored %d events up to %d %x; the backup said %d %s", n, got.Position, got.Hash, head, hash)
	}
	// The restored server serves the same ledger: the admin's token works
	// there, and it verifies to the same head hash as the original did.
	tok, _ := os.ReadFile(ts.o.adminTokenFile)
	os.WriteFile(filepath.Join(restoredDir, "admin.token"), tok, 0o600)
	rs := startServer(t, restoredDir)
	res, err := rs.ledger.VerifyLedger(as(rs.admin), &pb.VerifyLedgerRequest{})
	if err != nil || !res.GetOk() || res.GetChecked() != head || res.GetLastHash() != hash {
		t.Errorf("restored ledger verifies %v: ok %v, %d events, last hash %s; want %d, %s", err, res.GetOk(), res.GetChecked(), res.GetLastHash(), head, hash)
	}
	orig, err := ts.ledger.VerifyLedger(as(ts.admin), &pb.VerifyLedgerRequest{To: head})
	if err != nil || orig.GetLastHash() != hash {
		t.Errorf("the original at %d: %v, %s", head, err, orig.GetLastHash())
	}
}
