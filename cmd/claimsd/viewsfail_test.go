package main

import (
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// TestE2E_viewsThatCannotCommit holds the views file's write lock from
// outside, so the projector's transactions fail (SQLITE_BUSY after the busy
// timeout), as they would on a full disk. An ingest is still recorded and
// answered OK with its position, a registration with its token; health says NOT_SERVING while the
// projector fails and SERVING once it commits again; the log has a line or
// two, not one per attempt; the ingest then shows in the views.
func TestE2E_viewsThatCannotCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the views' busy timeout")
	}
	logs := &syncBuffer{}
	ts := startServerLog(t, t.TempDir(), slog.New(slog.NewTextHandler(logs, nil)))
	alice := ts.register("alice", pb.Role_ROLE_REVIEWER)

	db, err := sql.Open("sqlite3", "file:"+filepath.ToSlash(ts.o.viewsDB)+"?_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lock, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback()

	// A registration answers with the new token's secret: an error would
	// lose it for good, since it is recorded all the same.
	registered := make(chan error, 1)
	go func() {
		r, err := ts.adminSvc.RegisterReviewer(as(ts.admin), &pb.RegisterReviewerRequest{RequestId: rid("reg"), Name: "bob", Role: pb.Role_ROLE_REVIEWER})
		if err == nil && (r.GetTokenSecret() == "" || r.GetPosition() == 0) {
			err = fmt.Errorf("answer without a secret or position: %v", r)
		}
		registered <- err
	}()
	res, err := ts.articles.IngestArticle(as(alice), benchArticle(3))
	if err != nil {
		t.Fatalf("ingest while the views cannot commit: %v; want OK, it is recorded", err)
	}
	if res.GetPosition() == 0 || len(res.GetClaims()) == 0 || res.GetArticle().GetId() == "" {
		t.Errorf("ingest answer without the views = %v; want its position, article id and claim ids", res)
	}
	if err := <-registered; err != nil {
		t.Errorf("register while the views cannot commit: %v; want OK with the secret", err)
	}
	health := healthpb.NewHealthClient(ts.conn)
	waitHealth(t, health, healthpb.HealthCheckResponse_NOT_SERVING)
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	waitHealth(t, health, healthpb.HealthCheckResponse_SERVING)

	art, err := ts.articles.GetArticle(as(alice), &pb.GetArticleRequest{Id: res.GetArticle().GetId(), MinPosition: res.GetPosition()})
	if err != nil || art.GetArticle().GetClaimCount() != uint32(len(res.GetClaims())) {
		t.Errorf("GetArticle after the views recovered = %v, %v; want the article with %d claims", art, err, len(res.GetClaims()))
	}
	if n := strings.Count(logs.String(), "consumer transaction"); n < 2 || n > 4 {
		t.Errorf("%d log lines about the failing projector, want the failure, maybe a summary, and the recovery:\n%s", n, logs.String())
	}
}

// waitHealth polls health until it answers want, for at most 30 seconds.
func waitHealth(t *testing.T, health healthpb.HealthClient, want healthpb.HealthCheckResponse_ServingStatus) {
	t.Helper()
	var got healthpb.HealthCheckResponse_ServingStatus
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		res, err := health.Check(t.Context(), &healthpb.HealthCheckRequest{})
		if err != nil {
			t.Fatalf("health: %v", err)
		}
		if got = res.GetStatus(); got == want {
			return
		}
	}
	t.Fatalf("health stayed %v, want %v", got, want)
}
