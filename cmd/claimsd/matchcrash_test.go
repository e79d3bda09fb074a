package main

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/claimledger/claimledger/app/viewstest"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// TestCrash_deferredMatchingRunsAfterAKill: an ingest defers its matching
// while the views cannot commit, and claimsd is SIGKILLed before the
// matching could run. Started again, it runs the deferral: the consumer's
// cursor had not passed it.
func TestCrash_deferredMatchingRunsAfterAKill(t *testing.T) {
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "claimsd")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(tmp, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(data, "ledger.db")
	p := crashStart(t, bin, db, filepath.Join(tmp, "first.log"))
	admin := crashAs(context.Background(), crashAdmin(t, data))
	articles := pb.NewArticleServiceClient(p.conn)
	first, err := articles.IngestArticle(admin, matchArticle("first", viewstest.MatchArticles[0]))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := articles.GetArticle(admin, &pb.GetArticleRequest{Id: first.GetArticle().GetId(), MinPosition: first.GetPosition()}); err != nil {
		t.Fatal(err)
	}

	views, err := sql.Open("sqlite3", "file:"+filepath.ToSlash(defaultViewsPath(db))+"?_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer views.Close()
	lock, err := views.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback()
	// A write the views cannot take, so they lag the log's head.
	if _, err := pb.NewAdminServiceClient(p.conn).RegisterReviewer(admin, &pb.RegisterReviewerRequest{RequestId: "reg", Name: "bob", Role: pb.Role_ROLE_REVIEWER}); err != nil {
		t.Fatal(err)
	}
	second, err := articles.IngestArticle(admin, matchArticle("second", viewstest.MatchArticles[1]))
	if err != nil {
		t.Fatalf("ingest while the views cannot commit: %v", err)
	}
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.exited
	p.conn.Close()
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}

	p = crashStart(t, bin, db, filepath.Join(tmp, "second.log"))
	claims := pb.NewClaimServiceClient(p.conn)
	deadline := time.Now().Add(30 * time.Second)
	for found := false; !found; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no suggestion on the deferred article 30 s after the restart:\n%s", crashTail(p.logPath))
		}
		for _, c := range second.GetClaims() {
			m, err := claims.ListClaimMatches(admin, &pb.ListClaimMatchesRequest{ClaimId: c.GetId()})
			if err != nil {
				t.Fatalf("list matches of %s: %v", c.GetId(), err)
			}
			for _, o := range m.GetOthers() {
				found = found || o.GetArticleId() == first.GetArticle().GetId()
			}
		}
	}
	crashStop(t, p)
}
