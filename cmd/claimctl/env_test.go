package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
)

func TestToken_resolutionOrder(t *testing.T) {
	dir := t.TempDir()
	adminFile := filepath.Join(dir, "admin.token")
	if err := os.WriteFile(adminFile, []byte("tadmin.secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.token")
	if err := os.WriteFile(other, []byte("tother.secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		g    globals
		env  map[string]string
		want string
	}{
		{"flag first", globals{token: "tflag.x", adminTokenFile: adminFile}, map[string]string{"CLAIMLEDGER_TOKEN": "tenv.x"}, "tflag.x"},
		{"then the environment", globals{adminTokenFile: adminFile}, map[string]string{"CLAIMLEDGER_TOKEN": "tenv.x"}, "tenv.x"},
		{"then the admin file on loopback", globals{adminTokenFile: adminFile}, nil, "tadmin.secret"},
		{"file from the environment", globals{}, map[string]string{"CLAIMLEDGER_ADMIN_TOKEN_FILE": other}, "tother.secret"},
		{"localhost is loopback", globals{addr: "localhost:9", adminTokenFile: adminFile}, nil, "tadmin.secret"},
		{"IPv6 loopback", globals{addr: "[::1]:9", adminTokenFile: adminFile}, nil, "tadmin.secret"},
		{"never the admin file for a remote server", globals{addr: "ledger.example:443", adminTokenFile: adminFile}, nil, ""},
		{"address from the environment is remote", globals{adminTokenFile: adminFile}, map[string]string{"CLAIMLEDGER_ADDR": "10.1.2.3:50051"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &env{g: tt.g, getenv: func(k string) string { return tt.env[k] }}
			got, err := e.token()
			if err != nil || got != tt.want {
				t.Errorf("token() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	t.Run("a named file that is missing is an error", func(t *testing.T) {
		e := &env{g: globals{adminTokenFile: filepath.Join(dir, "nope")}, getenv: func(string) string { return "" }}
		if _, err := e.token(); err == nil {
			t.Error("no error")
		}
	})
	t.Run("the default file may be missing", func(t *testing.T) {
		t.Chdir(t.TempDir())
		e := &env{getenv: func(string) string { return "" }}
		if tok, err := e.token(); tok != "" || err != nil {
			t.Errorf("token() = %q, %v", tok, err)
		}
	})
}

func TestExitCodes_everyCodeOnce(t *testing.T) {
	seen := map[codes.Code]int{}
	for _, e := range exitCodes {
		for _, c := range e.codes {
			if prev, ok := seen[c]; ok {
				t.Errorf("%v maps to both %d and %d", c, prev, e.exit)
			}
			seen[c] = e.exit
		}
	}
	for c := codes.OK + 1; c <= codes.Unauthenticated; c++ {
		if got := exitFor(c); got < 3 || got > exitInternal {
			t.Errorf("exitFor(%v) = %d", c, got)
		}
	}
	var b bytes.Buffer
	usage(&b)
	for _, e := range exitCodes {
		if !strings.Contains(b.String(), e.meaning) {
			t.Errorf("claimctl --help lacks exit code %d", e.exit)
		}
	}
}

// TestHelp_everyCommandHasAnExample runs `<command> --help` for each
// command: exit 0, usage on stdout, and an example.
func TestHelp_everyCommandHasAnExample(t *testing.T) {
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(append(strings.Fields(c.name), "--help"), &out, &errb)
			help := out.String() + errb.String()
			if code != exitOK || !strings.Contains(help, "claimctl "+c.name) {
				t.Fatalf("exit %d, help %q", code, help)
			}
			if c.name != "extract" && !strings.Contains(out.String(), "Example:\n  claimctl "+strings.Fields(c.name)[0]) {
				t.Errorf("no example on stdout:\n%s", out.String())
			}
		})
	}
}

func TestHighlight(t *testing.T) {
	s := "Ridership rose 12% last year."
	if got := highlight(s, "12%", false); got != "Ridership rose «12%» last year." {
		t.Errorf("plain: %q", got)
	}
	if got := highlight(s, "12%", true); got != "Ridership rose \x1b[1;4m12%\x1b[0m last year." {
		t.Errorf("terminal: %q", got)
	}
	if got := highlight(s, "13%", false); got != s {
		t.Errorf("absent claim: %q", got)
	}
}
