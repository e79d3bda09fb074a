package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/internal/pgtest"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// buildClaimsd builds the binary into dir.
func buildClaimsd(t testing.TB, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "claimsd")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startReplicas launches n claimsd processes on one PostgreSQL database at
// once, each with an admin token file of its own, and waits until all
// serve. It returns them and the admin credential: the one token file that
// was written, since the first admin is created once.
func startReplicas(t testing.TB, bin, dsn, dir string, n int, extra ...string) ([]*crashProc, string) {
	t.Helper()
	var ps []*crashProc
	for i := range n {
		args := append([]string{"--db", dsn, "--admin-token-file", filepath.Join(dir, fmt.Sprintf("admin-%d.token", i)),
			"--drain-timeout", "5s", "--rate-limit", "0"}, extra...)
		ps = append(ps, launchProc(t, bin, filepath.Join(dir, fmt.Sprintf("replica-%d.log", i)), args...))
	}
	for _, p := range ps {
		p.served(t, false)
	}
	var admins []string
	for i := range n {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("admin-%d.token", i)))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		admins = append(admins, strings.TrimSpace(string(b)))
	}
	if len(admins) != 1 {
		t.Fatalf("%d of %d replicas started at once wrote an admin token file, want 1", len(admins), n)
	}
	return ps, admins[0]
}

// TestReplicas_twoServersServeOneLedger starts two claimsd at once on one
// PostgreSQL database: one creates the admin, the other finds it; each
// serves writes made through the other (read with min_position, and with a
// token issued through the other a moment before); a token revoked through
// one is refused by the other within a second; and WatchEvents on each
// delivers every event once, in order.
func TestReplicas_twoServersServeOneLedger(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dsn := pgtest.NewDatabase(t, pgtest.DSN(t))
	dir := t.TempDir()
	bin := buildClaimsd(t, dir)

	ps, admin := startReplicas(t, bin, dsn, dir, 2)
	a, b := ps[0], ps[1]
	adminCtx := crashAs(context.Background(), admin)

	// Both watch the log from the start while the writes go on.
	watchCtx, stopWatch := context.WithCancel(adminCtx)
	defer stopWatch()
	var watches []pb.LedgerService_WatchEventsClient
	for _, p := range ps {
		stream, err := pb.NewLedgerServiceClient(p.conn).WatchEvents(watchCtx, &pb.WatchEventsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		watches = append(watches, stream)
	}

	// A reviewer registered through a and, at once, working through b.
	reg, err := pb.NewAdminServiceClient(a.conn).RegisterReviewer(adminCtx, &pb.RegisterReviewerRequest{RequestId: "reg-ana", Name: "ana", Role: pb.Role_ROLE_REVIEWER})
	if err != nil {
		t.Fatal(err)
	}
	ana := crashAs(context.Background(), reg.GetTokenSecret())
	ing, err := pb.NewArticleServiceClient(b.conn).IngestArticle(ana, &pb.IngestArticleRequest{RequestId: "ingest-1", Title: "Harbour budget",
		Body: "The port authority spent 40 million dollars on 12 cranes in 2024.\n", Url: "https://news.example.org/harbour", Published: "2026-03-10"})
	if err != nil {
		t.Fatalf("ingest through b with a token registered through a: %v", err)
	}
	if len(ing.GetClaims()) == 0 {
		t.Fatal("ingest found no claim")
	}
	claimID := ing.GetClaims()[0].GetId()
	// Read through a what b acknowledged, and the other way round.
	got, err := pb.NewClaimServiceClient(a.conn).GetClaim(ana, &pb.GetClaimRequest{Id: claimID, MinPosition: ing.GetPosition()})
	if err != nil {
		t.Fatalf("read through a at b's position %d: %v", ing.GetPosition(), err)
	}
	if got.GetClaim().GetId() != claimID {
		t.Fatalf("read through a: claim %q, want %q", got.GetClaim().GetId(), claimID)
	}
	vote, err := pb.NewClaimServiceClient(a.conn).SubmitReview(ana, &pb.SubmitReviewRequest{RequestId: "vote-1", ClaimId: claimID,
		Verdict: pb.Verdict_VERDICT_CONFIRM, EvidenceUrls: []string{"https://evidence.example.org/1"}})
	if err != nil {
		t.Fatal(err)
	}
	got, err = pb.NewClaimServiceClient(b.conn).GetClaim(ana, &pb.GetClaimRequest{Id: claimID, MinPosition: vote.GetPosition()})
	if err != nil {
		t.Fatalf("read through b at a's position %d: %v", vote.GetPosition(), err)
	}
	if got.GetClaim().GetStatus() != pb.ClaimStatus_CLAIM_STATUS_CONFIRMED {
		t.Errorf("through b after a's vote: status %v, want confirmed", got.GetClaim().GetStatus())
	}

	// A token used through b, then revoked through a: b refuses it within
	// a second, though it had it cached.
	issued, err := pb.NewAdminServiceClient(b.conn).IssueToken(adminCtx, &pb.IssueTokenRequest{RequestId: "issue-1", ReviewerId: reg.GetReviewer().GetId()})
	if err != nil {
		t.Fatal(err)
	}
	second := crashAs(context.Background(), issued.GetTokenSecret())
	claimsB := pb.NewClaimServiceClient(b.conn)
	if _, err := claimsB.ListClaims(second, &pb.ListClaimsRequest{PageSize: 1}); err != nil {
		t.Fatalf("the new token through b: %v", err)
	}
	if _, err := pb.NewAdminServiceClient(a.conn).RevokeToken(adminCtx, &pb.RevokeTokenRequest{RequestId: "revoke-1", TokenId: issued.GetTokenId(), Reason: "left the desk"}); err != nil {
		t.Fatal(err)
	}
	revoked := time.Now()
	for {
		_, err := claimsB.ListClaims(second, &pb.ListClaimsRequest{PageSize: 1})
		if status.Code(err) == codes.Unauthenticated {
			t.Logf("b refused the token revoked through a after %v", time.Since(revoked).Round(time.Millisecond))
			break
		}
		if err != nil {
			t.Fatalf("the revoked token through b: %v", err)
		}
		if time.Since(revoked) > time.Second {
			t.Fatal("b still accepts a token revoked through a a second ago")
		}
		time.Sleep(20 * time.Millisecond)
	}

	// Every event once, in order, on both: a duplicate or a gap shows as
	// a position out of place.
	head, _ := crashVerify(t, a, admin)
	for i, w := range watches {
		for want := uint64(1); want <= head; want++ {
			res, err := w.Recv()
			if err != nil {
				t.Fatalf("replica %d: watch ended after %d of %d events: %v", i, want-1, head, err)
			}
			if got := res.GetEvent().GetPosition(); got != want {
				t.Fatalf("replica %d: watched position %d where %d belongs", i, got, want)
			}
		}
	}
	stopWatch()
	for _, p := range ps {
		crashStop(t, p)
	}
}

// crashVerify checks the whole chain through p and returns its head and
// how many events were checked.
func crashVerify(t *testing.T, p *crashProc, admin string) (uint64, uint64) {
	t.Helper()
	v, err := pb.NewLedgerServiceClient(p.conn).VerifyLedger(crashAs(context.Background(), admin), &pb.VerifyLedgerRequest{})
	if err != nil {
		t.Fatalf("verify ledger: %v", err)
	}
	if !v.GetOk() {
		t.Fatalf("ledger does not verify: first bad position %d: %s", v.GetFirstBadPosition(), v.GetReason())
	}
	return v.GetChecked(), v.GetChecked()
}
