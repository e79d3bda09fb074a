package main

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/claimledger/claimledger/domain/extract"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// claimsdBin is the server binary built once for every test that needs a
// real server: claimsd exposes no in-process starter (package main), and
// running the real binary also tests what users run.
var claimsdBin string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "claimctl-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		defer os.RemoveAll(dir)
		if !testing.Short() {
			claimsdBin = filepath.Join(dir, "claimsd")
			out, err := exec.Command("go", "build", "-o", claimsdBin, "../claimsd").CombinedOutput()
			if err != nil {
				fmt.Fprintf(os.Stderr, "go build ../claimsd: %v\n%s", err, out)
				return 1
			}
		}
		return m.Run()
	}()
	os.Exit(code)
}

// server is one claimsd process on a free loopback port with its own
// database.
type server struct {
	t     *testing.T
	dir   string
	addr  string
	args  []string
	cmd   *exec.Cmd
	logs  *bytes.Buffer
	admin string // the admin token claimsd wrote
	// clientArgs go before every claimctl command (--ca-cert for TLS).
	clientArgs []string
}

func startServer(t *testing.T, extra ...string) *server {
	t.Helper()
	return startServerWith(t, nil, extra...)
}

func startServerWith(t *testing.T, clientArgs []string, extra ...string) *server {
	t.Helper()
	if claimsdBin == "" {
		t.Skip("-short: no claimsd binary")
	}
	// The environment must not leak a token or address into the commands.
	t.Setenv("CLAIMLEDGER_TOKEN", "")
	t.Setenv("CLAIMLEDGER_ADDR", "")
	t.Setenv("CLAIMLEDGER_ADMIN_TOKEN_FILE", "")
	s := &server{t: t, dir: t.TempDir(), addr: freeAddr(t), clientArgs: clientArgs}
	s.args = append([]string{"--listen", s.addr, "--http", "", "--db", filepath.Join(s.dir, "ledger.db"),
		"--synchronous", "normal", "--drain-timeout", "2s"}, extra...)
	s.start()
	tok, err := os.ReadFile(filepath.Join(s.dir, "admin.token"))
	if err != nil {
		t.Fatalf("admin token file: %v", err)
	}
	s.admin = strings.TrimSpace(string(tok))
	t.Cleanup(s.stop)
	return s
}

func (s *server) start() {
	s.t.Helper()
	s.spawn()
	r := s.run("", "health", "--wait", "30s")
	if r.code != 0 {
		s.stop()
		s.t.Fatalf("claimsd not serving: %s\n%s", r.stderr, s.logs)
	}
}

// startNotServing starts claimsd on a ledger it serves reads only from (a
// broken one, with --allow-broken-ledger among the args): it is up once
// health answers NOT_SERVING.
func (s *server) startNotServing() {
	s.t.Helper()
	s.spawn()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		r := s.run("", "health")
		if strings.Contains(r.stderr, "NOT_SERVING") {
			return
		}
		if time.Now().After(deadline) {
			s.stop()
			s.t.Fatalf("claimsd did not answer NOT_SERVING: exit %d %s\n%s", r.code, r.stderr, s.logs)
		}
	}
}

func (s *server) spawn() {
	s.t.Helper()
	s.logs = &bytes.Buffer{}
	s.cmd = exec.Command(claimsdBin, s.args...)
	s.cmd.Stderr = s.logs
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
}

// stop ends claimsd with SIGTERM and waits for its clean exit.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			s.t.Errorf("claimsd exit: %v\n%s", err, s.logs)
		}
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		<-done
		s.t.Errorf("claimsd did not stop on SIGTERM\n%s", s.logs)
	}
	s.cmd = nil
}

// result is one claimctl run.
type result struct {
	code           int
	stdout, stderr string
}

// run runs claimctl in-process against the server with token ("" for
// none) and returns what it printed.
func (s *server) run(token string, args ...string) result {
	full := append(append([]string{"--addr", s.addr}, s.clientArgs...), args...)
	if token != "" {
		full = append([]string{"--token", token}, full...)
	}
	var out, errb bytes.Buffer
	code := run(full, &out, &errb)
	return result{code, out.String(), errb.String()}
}

// must runs claimctl and fails the test unless it exits 0.
func (s *server) must(token string, args ...string) string {
	s.t.Helper()
	r := s.run(token, args...)
	if r.code != 0 {
		s.t.Fatalf("claimctl %s: exit %d\nstderr: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// scrubbers replace what differs from run to run (times, hashes, random
// ids) with placeholders; everything else in a golden file must match.
var scrubbers = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z`), "<TIME>"},
	{regexp.MustCompile(`[0-9a-f]{64}`), "<HASH>"},
	{regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), "<UUID>"},
	{regexp.MustCompile(`claimctl-[0-9a-f]{32}`), "<REQUEST_ID>"},
	{regexp.MustCompile(`cmd:[0-9a-f]{32}`), "cmd:<ID>"},
	{regexp.MustCompile(`\bt[0-9a-f]{12}(\.[A-Za-z0-9_-]{43})?\b`), "<TOKEN>"},
}

func scrub(s string) string {
	for _, sc := range scrubbers {
		s = sc.re.ReplaceAllString(s, sc.with)
	}
	// The extractor's version moves with its rules, not with claimctl.
	s = strings.ReplaceAll(s, extract.Version, "<EXTRACTOR>")
	// The date a ClaimReview was published is the day the test runs.
	return strings.ReplaceAll(s, time.Now().UTC().Format(time.DateOnly), "<TODAY>")
}

// golden compares got, scrubbed, with testdata/name.golden.
func golden(t *testing.T, name, got string) {
	t.Helper()
	got = scrub(got)
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}
