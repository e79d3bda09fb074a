package sqliteviews

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// Views made before the match index existed (their file has claim views
// and no claim_match_keys table) are rebuilt at open, with a log line
// saying why, so the index holds every claim; views that have the index are
// kept.
func TestViews_olderThanTheMatchIndexAreRebuilt(t *testing.T) {
	dir := t.TempDir()
	ledger, viewsPath := filepath.Join(dir, "ledger.db"), filepath.Join(dir, "views.db")
	logs := &lineBuffer{}
	s := bindOpen(t, ledger, logs)
	head := bindAppend(t, s, "claim-1", 2)
	bindProject(t, s, viewsPath, head)

	s = bindOpen(t, ledger, logs)
	v, err := Open(s, viewsPath)
	if err != nil {
		t.Fatal(err)
	}
	if v.Applied() != head || strings.Contains(logs.String(), "rebuilding") {
		t.Fatalf("views with the index reopened: applied %d, want %d; log:\n%s", v.Applied(), head, logs.String())
	}
	v.Close()

	db, err := sql.Open("sqlite3", viewsPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("DROP TABLE claim_match_keys"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	v, err = Open(s, viewsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.Applied() != 0 || !strings.Contains(logs.String(), "the views predate the match index") {
		t.Errorf("views without the index: applied %d, want 0 (rebuilt); log:\n%s", v.Applied(), logs.String())
	}
}
