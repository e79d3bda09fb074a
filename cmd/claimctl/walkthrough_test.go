package main

import (
	"os/exec"
	"testing"
)

// TestWalkthrough runs scripts/walkthrough.sh, which runs every command of
// README.md against a real claimsd, so `go test ./...` in CI keeps
// the README's walkthrough working.
func TestWalkthrough(t *testing.T) {
	if testing.Short() {
		t.Skip("installs both binaries and runs the README walkthrough")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	cmd := exec.Command("bash", "scripts/walkthrough.sh", "README.md")
	cmd.Dir = "../.." // the repository root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("walkthrough: %v\n%s", err, out)
	}
}
