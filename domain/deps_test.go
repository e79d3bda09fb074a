package domain

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/claimledger/claimledger"

// TestDependencies keeps the domain pure: every package it builds on,
// test-only imports included, is in the standard library or in domain/
// itself. A standard package is one whose import path's first element has
// no dot, which is the go command's own rule.
func TestDependencies(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not in PATH:", err)
	}
	cmd := exec.Command(goTool, "list", "-deps", "-test", module+"/domain/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	pkgs := strings.Fields(string(out))
	if len(pkgs) == 0 {
		t.Fatal("go list printed no packages")
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		// -test lists test variants as "p [q.test]" and test mains as "q.test".
		path, _, _ := strings.Cut(line, " ")
		if msg := outside(path); msg != "" {
			t.Errorf("domain depends on %s: %s", line, msg)
		}
	}
}

// outside says why path may not be a dependency of the domain, or "".
func outside(path string) string {
	first, _, _ := strings.Cut(path, "/")
	switch {
	case !strings.Contains(first, "."):
		return "" // standard library
	case path == module+"/domain" || path == module+"/domain.test",
		strings.HasPrefix(path, module+"/domain/"):
		return ""
	case path == module || strings.HasPrefix(path, module+"/"):
		return "in this module but outside domain/ (the domain knows nothing of the layers above it)"
	}
	return "outside the standard library"
}

func TestOutside(t *testing.T) {
	for path, allowed := range map[string]bool{
		"fmt":                                    true,
		"net/http":                               true,
		"vendor/golang.org/x/net/dns/dnsmessage": true,
		module + "/domain":                       true,
		module + "/domain.test":                  true,
		module + "/domain/claim":                 true,
		module + "/domain/claim.test":            true,
		module + "/domainx":                      false,
		module + "/events":                       false,
		module:                                   false,
		"github.com/ThreeDotsLabs/watermill":     false,
		"google.golang.org/grpc":                 false,
		"golang.org/x/text":                      false,
	} {
		if got := outside(path) == ""; got != allowed {
			t.Errorf("outside(%q) allowed = %v, want %v", path, got, allowed)
		}
	}
}
