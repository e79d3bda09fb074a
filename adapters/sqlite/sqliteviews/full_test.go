package sqliteviews

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// The views file cannot grow (SQLite's max_page_count makes a commit fail
// with SQLITE_FULL, "database or disk is full", as a full disk does): the
// projector retries with backoff instead of hundreds of times a second, logs
// a line or two rather than one per attempt, and catches up once there is
// room again.
func TestViews_fullDiskIsRetriedWithBackoff(t *testing.T) {
	f := newFullFixture(t)
	f.setMaxPages(t, 0) // no room beyond what the file has
	head := f.ingest(t, 8)

	time.Sleep(time.Second) // a window of failing; the count below does not depend on its length much
	if got := f.views.Applied(); got >= head {
		t.Fatalf("the views reached %d with no room to grow; the test does not fail the commit", got)
	}
	if n := f.logs.count("level=ERROR"); n < 1 || n > 3 {
		t.Errorf("%d error lines in a second of failing commits, want 1 to 3 (the first failure, maybe a summary):\n%s", n, f.logs.String())
	}
	if !strings.Contains(f.logs.String(), "database or disk is full") {
		t.Errorf("the log does not say why:\n%s", f.logs.String())
	}
	failing, changed := f.views.Health()
	if failing == nil || !strings.Contains(failing.Error(), "full") {
		t.Errorf("Health while commits fail = %v, want the failure", failing)
	}

	f.setMaxPages(t, 1<<30)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if err := f.views.WaitApplied(ctx, head); err != nil {
		t.Fatalf("the views did not catch up once there was room: at %d of %d: %v", f.views.Applied(), head, err)
	}
	<-changed
	if failing, _ := f.views.Health(); failing != nil {
		t.Errorf("Health after the views caught up = %v, want nil", failing)
	}
	if f.logs.count("consumer transaction recovered") != 1 {
		t.Errorf("no recovery line:\n%s", f.logs.String())
	}
}

type fullFixture struct {
	store *sqlite.Store
	views *Views
	cmds  *app.Commands
	logs  *lineBuffer
}

func newFullFixture(t *testing.T) *fullFixture {
	t.Helper()
	dir := t.TempDir()
	f := &fullFixture{logs: &lineBuffer{}}
	var err error
	f.store, err = sqlite.Open(sqlite.Config{Path: filepath.Join(dir, "events.db"), Logger: slog.New(slog.NewTextHandler(f.logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.store.Close() })
	if f.views, err = Open(f.store, filepath.Join(dir, "views.db")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.views.Close() })
	reg := app.NewRegistry()
	if f.cmds, err = app.NewCommands(f.store, reg, claim.Policy{Quorum: 1}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.views.Run(ctx, app.NewProjector(f.store, reg)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("views.Run: %v", err)
		}
	})
	return f
}

// setMaxPages lets the views file grow by extra pages at most, through the
// projector's own connection (max_page_count is a connection's setting).
func (f *fullFixture) setMaxPages(t *testing.T, extra int) {
	t.Helper()
	var pages int
	if err := f.views.wdb.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := f.views.wdb.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages+extra)); err != nil {
		t.Fatal(err)
	}
}

// ingest records n articles with long bodies and returns the log's head.
func (f *fullFixture) ingest(t *testing.T, n int) uint64 {
	t.Helper()
	rita := app.Actor{ID: "rita", Role: reviewer.RoleReviewer}
	var head uint64
	for i := range n {
		body := fmt.Sprintf("The council of Town %d approved a %d million euro budget on Tuesday, according to its treasurer.\n%s\n",
			i, 10+i, strings.Repeat(fmt.Sprintf("Filler sentence %d about the town's roads. ", i), 200))
		in, err := f.cmds.IngestArticle(t.Context(), rita, app.IngestArticle{RequestID: fmt.Sprint("full-", i),
			Title: fmt.Sprintf("Town %d budget", i), Body: []byte(body)})
		if err != nil {
			t.Fatal(err)
		}
		head = in.Position
	}
	return head
}

// lineBuffer collects log lines from many goroutines.
type lineBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lineBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lineBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *lineBuffer) count(s string) int { return strings.Count(l.String(), s) }
