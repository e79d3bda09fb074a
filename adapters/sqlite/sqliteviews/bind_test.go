package sqliteviews

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
)

// Views are kept across restarts on their own ledger, and rebuilt when the
// log has a different event at their position: two copies of one ledger
// (same ledger id) that went on differently.
func TestViews_boundToTheLogAtTheirPosition(t *testing.T) {
	dir := t.TempDir()
	ledger, fork, viewsPath := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db"), filepath.Join(dir, "views.db")
	logs := &lineBuffer{}
	s := bindOpen(t, ledger, logs)
	bindAppend(t, s, "claim-1", 3)
	s.Close()
	for _, suffix := range []string{"", "-wal"} {
		if b, err := os.ReadFile(ledger + suffix); err == nil {
			if err := os.WriteFile(fork+suffix, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}

	s = bindOpen(t, ledger, logs)
	head := bindAppend(t, s, "claim-2", 1)
	bindProject(t, s, viewsPath, head)
	s = bindOpen(t, ledger, logs) // the same ledger again: the views are kept
	v, err := Open(s, viewsPath)
	if err != nil {
		t.Fatal(err)
	}
	if v.Applied() != head || strings.Contains(logs.String(), "rebuilding") {
		t.Errorf("views reopened on their own ledger: applied %d, want %d, log:\n%s", v.Applied(), head, logs.String())
	}
	v.Close()
	s.Close()

	s = bindOpen(t, fork, logs)
	if got := bindAppend(t, s, "claim-3", 1); got != head {
		t.Fatalf("the fork's new event is at %d, want %d", got, head)
	}
	v, err = Open(s, viewsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.Applied() != 0 || !strings.Contains(logs.String(), fmt.Sprintf("the log's event at position %d is not the one the views applied", head)) {
		t.Errorf("views on a fork that differs at their position: applied %d, want 0 (rebuilt), log:\n%s", v.Applied(), logs.String())
	}
}

func bindOpen(t *testing.T, path string, logs *lineBuffer) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(sqlite.Config{Path: path, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// bindAppend appends n events to stream and returns the last position.
func bindAppend(t *testing.T, s *sqlite.Store, stream string, n int) uint64 {
	t.Helper()
	var evs []events.Proposed
	for i := range n {
		evs = append(evs, events.Proposed{Type: "note.added", Payload: json.RawMessage(fmt.Sprintf(`{"n":%d}`, i))})
	}
	res, err := s.Append(context.Background(), events.AppendRequest{StreamID: stream, Expected: events.Any, Events: evs})
	if err != nil {
		t.Fatal(err)
	}
	return res.ToPosition
}

// bindProject brings views at path up to head, then closes them and s.
func bindProject(t *testing.T, s *sqlite.Store, path string, head uint64) {
	t.Helper()
	v, err := Open(s, path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- v.Run(ctx, app.NewProjector(s, app.NewRegistry())) }()
	if err := v.WaitApplied(ctx, head); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	v.Close()
	s.Close()
}
