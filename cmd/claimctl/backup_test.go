package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAdminBackup_restoresWithTheSameHeadHash: `claimctl admin backup`
// from a running server, `claimsd restore` into a new database, and
// `audit verify` on the restored server ends at the same hash.
func TestAdminBackup_restoresWithTheSameHeadHash(t *testing.T) {
	s := startServer(t)
	s.must(s.admin, "ingest", articleFile, "--published", "2026-03-10")
	s.must(s.admin, "confirm", "df303046ed070867-03", "--note", "matches the budget")
	backup := filepath.Join(t.TempDir(), "ledger.backup")
	out := s.must(s.admin, "admin", "backup", backup)
	m := regexp.MustCompile(`up to position (\d+) \(hash ([0-9a-f]{64})\)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("backup said %q", out)
	}
	if r := s.run(s.admin, "admin", "backup", backup); r.code != exitUsage {
		t.Errorf("backup over an existing file: exit %d, want %d", r.code, exitUsage)
	}
	reviewer := s.must(s.admin, "admin", "reviewer", "add", "rita", "--role", "reviewer")
	if r := s.run(tokenIn(t, reviewer), "admin", "backup", filepath.Join(t.TempDir(), "b")); r.code == 0 {
		t.Error("a reviewer took a backup")
	}

	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	if out, err := exec.Command(claimsdBin, "restore", "--from", backup, "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("claimsd restore: %v\n%s", err, out)
	}
	if out, err := exec.Command(claimsdBin, "restore", "--from", backup, "--db", db).CombinedOutput(); err == nil {
		t.Fatalf("a second restore over the first succeeded:\n%s", out)
	}
	tok, _ := os.ReadFile(filepath.Join(s.dir, "admin.token"))
	os.WriteFile(filepath.Join(dir, "admin.token"), tok, 0o600)
	restored := &server{t: t, dir: dir, addr: freeAddr(t)}
	restored.args = []string{"--listen", restored.addr, "--http", "", "--db", db, "--drain-timeout", "2s"}
	restored.start()
	t.Cleanup(restored.stop)
	verify := restored.must(s.admin, "audit", "verify", "--to", m[1])
	if !strings.Contains(verify, "last hash: "+m[2]) || !strings.Contains(verify, "ok: "+m[1]+" events") {
		t.Errorf("restored server verifies:\n%s\nwant %s events ending at %s", verify, m[1], m[2])
	}
}

// tokenIn picks the token out of `admin reviewer add`'s table.
func tokenIn(t *testing.T, out string) string {
	t.Helper()
	tok := regexp.MustCompile(`\bt[0-9a-f]{12}\.[A-Za-z0-9_-]{43}\b`).FindString(out)
	if tok == "" {
		t.Fatalf("no token in %q", out)
	}
	return tok
}
