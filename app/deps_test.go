package app_test

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/claimledger/claimledger"

// TestNoSQLiteInTests keeps the app layer and the gRPC adapter testable
// without a database: their tests run on the in-memory store and views,
// so nothing they build on, test-only imports included, is the SQLite
// adapter or a SQLite driver (which would also need cgo).
func TestNoSQLiteInTests(t *testing.T) {
	for _, line := range goListDeps(t, "-test", module+"/app/...", module+"/adapters/grpc") {
		if strings.Contains(strings.ToLower(line), "sqlite") {
			t.Errorf("app or adapters/grpc tests depend on %s", line)
		}
	}
}

// TestAppImportsNoAdapter is the dependency rule: app builds on domain and
// events, never on an adapter (its tests may: they pick the adapters they
// run on).
func TestAppImportsNoAdapter(t *testing.T) {
	for _, line := range goListDeps(t, module+"/app") {
		if strings.HasPrefix(line, module+"/adapters/") {
			t.Errorf("app depends on %s", line)
		}
	}
}

// goListDeps is what `go list -deps` prints for args, one package a line.
func goListDeps(t *testing.T, args ...string) []string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not in PATH:", err)
	}
	cmd := exec.Command(goTool, append([]string{"list", "-deps"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 2 {
		t.Fatalf("go list -deps %v printed %d packages", args, len(lines))
	}
	return lines
}

// TestAdaptersImportNoOtherAdapter is the dependency rule's other half:
// one adapter never imports another. An adapter's own packages may import
// each other (sqliteviews builds on the sqlite store); the pages render
// exports through app.Exporter, not through adapters/export.
func TestAdaptersImportNoOtherAdapter(t *testing.T) {
	pkgs := goListDeps(t, module+"/adapters/...")
	for _, p := range pkgs {
		own, ok := strings.CutPrefix(p, module+"/adapters/")
		if !ok {
			continue
		}
		tree := module + "/adapters/" + strings.Split(own, "/")[0]
		for _, d := range goListDeps(t, p) {
			if strings.HasPrefix(d, module+"/adapters/") && d != tree && !strings.HasPrefix(d, tree+"/") {
				t.Errorf("%s imports %s", p, d)
			}
		}
	}
}
