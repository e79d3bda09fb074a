package main

import (
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/app/viewstest"
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
	first, err := ts.articles.IngestArticle(as(alice), matchArticle("first", viewstest.MatchArticles[0]))
	if err != nil {
		t.Fatal(err)
	}
	ts.waitViews(first.GetPosition())

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
	if err := <-registered; err != nil {
		t.Errorf("register while the views cannot commit: %v; want OK with the secret", err)
	}
	// The views now lag the log, so the ingest cannot match its claims
	// against them: it is recorded with its matching deferred.
	res, err := ts.articles.IngestArticle(as(alice), matchArticle("second", viewstest.MatchArticles[1]))
	if err != nil {
		t.Fatalf("ingest while the views cannot commit: %v; want OK, it is recorded", err)
	}
	if res.GetPosition() == 0 || len(res.GetClaims()) == 0 || res.GetArticle().GetId() == "" {
		t.Errorf("ingest answer without the views = %v; want its position, article id and claim ids", res)
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
	// The deferred matching runs once the views caught up: some claim of
	// the second article gets a suggestion naming a claim of the first.
	waitFor(t, 30*time.Second, "a suggestion on the article ingested while the views failed", func() bool {
		for _, c := range res.GetClaims() {
			m, err := ts.claims.ListClaimMatches(as(alice), &pb.ListClaimMatchesRequest{ClaimId: c.GetId()})
			if err != nil {
				t.Fatalf("list matches of %s: %v", c.GetId(), err)
			}
			for _, o := range m.GetOthers() {
				if o.GetArticleId() == first.GetArticle().GetId() {
					return true
				}
			}
		}
		return false
	})
	if !strings.Contains(logs.String(), "deferred matching recorded") {
		t.Errorf("the suggestion came without the deferred matching:\n%s", logs.String())
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

// matchArticle is an ingest of one of the suite's "title\nbody" articles.
func matchArticle(id, article string) *pb.IngestArticleRequest {
	title, body, _ := strings.Cut(article, "\n")
	return &pb.IngestArticleRequest{RequestId: id, Title: title, Body: body}
}

// waitFor polls cond every 50 ms until it holds, for at most within.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("waited %v for %s", within, what)
}
