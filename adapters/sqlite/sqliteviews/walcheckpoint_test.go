package sqliteviews_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/app/viewstest"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// TestViews_walIsCheckpointedWhileRunning: the projector's commits leave
// the WAL to the views' checkpointer, so the checkpointer must hear of
// them; else the WAL only grows, to SQLite's raised limit, while the views
// file stays as it was opened until Close.
func TestViews_walIsCheckpointedWhileRunning(t *testing.T) {
	f := newViewsFixture(t)
	stop := f.run(t)
	defer stop()
	ctx := context.Background()
	if _, err := f.cmds.Bootstrap(ctx, func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	waitHead(t, f)
	opened := fileSize(t, f.path)
	admin := app.Actor{ID: app.AdminName, Role: reviewer.RoleAdmin}
	for i, a := range viewstest.Articles {
		title, body, _ := strings.Cut(a, "\n")
		if _, err := f.cmds.IngestArticle(ctx, admin, app.IngestArticle{RequestID: fmt.Sprint("ingest-", i), Title: title, Body: []byte(body)}); err != nil {
			t.Fatal(err)
		}
	}
	waitHead(t, f)
	for deadline := time.Now().Add(5 * time.Second); fileSize(t, f.path) <= opened; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the views file is still %d bytes, as when the views started, 5 s after projecting %d articles: the WAL was not checkpointed",
				opened, len(viewstest.Articles))
		}
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
