package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseFlags_defaults(t *testing.T) {
	o, err := parseFlags(nil, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	want := options{listen: "127.0.0.1:50051", http: "127.0.0.1:8080", db: "claimledger.db", viewsDB: "claimledger.views.db",
		adminTokenFile: "admin.token", quorum: 1, synchronous: "FULL", drain: o.drain, rateLimit: 100,
		ckptEvery: 1000, ckptInterval: time.Minute, maxViewsLag: 10000, readWait: 5 * time.Second}
	if o != want {
		t.Errorf("defaults %+v, want %+v", o, want)
	}
	o, _ = parseFlags([]string{"--db", "/var/lib/cl/ledger.sqlite"}, &bytes.Buffer{})
	if o.viewsDB != "/var/lib/cl/ledger.views.sqlite" || o.adminTokenFile != filepath.FromSlash("/var/lib/cl/admin.token") {
		t.Errorf("beside /var/lib/cl/ledger.sqlite: views %q, token %q", o.viewsDB, o.adminTokenFile)
	}
	o, _ = parseFlags([]string{"--db", "data/ledger"}, &bytes.Buffer{})
	if o.viewsDB != "data/ledger.views" {
		t.Errorf("views beside a name without extension: %q", o.viewsDB)
	}
}

func TestRun_usageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"--tls-cert", "c.pem"},
		{"--tls-key", "k.pem"},
		{"--quorum", "0"},
		{"--quorum", "101"},
		{"--synchronous", "OFF"},
		{"--drain-timeout", "0s"},
		{"--read-wait", "0s"},
		{"--rate-limit", "-1"},
		{"--rate-limit", "NaN"},
		{"--rate-burst", "-2"},
		{"--checkpoint-every", "0"},
		{"--checkpoint-interval", "0s"},
		{"--max-views-lag", "-1"},
		{"--no-such-flag"},
		{"extra"},
		{"--db", "x.db", "--views-db", "x.db"},
	} {
		var stderr bytes.Buffer
		if code := run(args, &stderr); code != exitUsage {
			t.Errorf("run %q: exit %d, want %d", args, code, exitUsage)
		}
		if stderr.Len() == 0 {
			t.Errorf("run %q: no message", args)
		}
	}
	var stderr bytes.Buffer
	if code := run([]string{"--tls-cert", "c.pem"}, &stderr); !strings.Contains(stderr.String(), "--tls-key") {
		t.Errorf("exit %d, message %q does not name the missing flag", code, stderr.String())
	}
	if code := run([]string{"-h"}, &bytes.Buffer{}); code != exitOK {
		t.Errorf("-h: exit %d", code)
	}
}

func TestRun_runtimeErrorExits1(t *testing.T) {
	dir := t.TempDir()
	// the database path is a directory: opening the store fails at run time
	if code := run([]string{"--db", dir, "--views-db", filepath.Join(dir, "v.db"), "--listen", "127.0.0.1:0", "--http", ""}, &bytes.Buffer{}); code != exitFail {
		t.Errorf("exit %d, want %d", code, exitFail)
	}
}

// A start that cannot bind its port creates nothing on disk: no ledger,
// views, lock or admin token left behind for the next attempt to find.
func TestStart_portTakenCreatesNothing(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	o := testOptions(t, dir, "--listen", taken.Addr().String())
	if srv, err := start(t.Context(), o, testLogger(t)); err == nil {
		srv.shutdown()
		t.Fatal("start on a taken port succeeded")
	}
	var left []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if path != dir {
			left = append(left, path)
		}
		return err
	})
	if len(left) > 0 {
		t.Errorf("a start that failed on a taken port left %v", left)
	}
}

func TestParseFlags_postgres(t *testing.T) {
	dsn := "postgres://desk:s3cret@db.example.org:5432/ledger"
	o, err := parseFlags([]string{"--db", dsn}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if o.viewsDB != "" || o.adminTokenFile != "admin.token" {
		t.Errorf("on PostgreSQL: views %q, token %q; want no views file and admin.token in the working directory", o.viewsDB, o.adminTokenFile)
	}
	if got := o.dbForLog(); strings.Contains(got, "s3cret") || !strings.Contains(got, "db.example.org") {
		t.Errorf("--db as logged: %q", got)
	}
	t.Setenv(envDB, "postgresql://desk@db.example.org/ledger")
	if o, _ := parseFlags(nil, &bytes.Buffer{}); o.db != "postgresql://desk@db.example.org/ledger" {
		t.Errorf("with $%s: --db %q", envDB, o.db)
	}
	if o, _ := parseFlags([]string{"--db", "local.db"}, &bytes.Buffer{}); o.db != "local.db" || o.viewsDB != "local.views.db" {
		t.Errorf("--db beats $%s: %q, views %q", envDB, o.db, o.viewsDB)
	}
	for _, args := range [][]string{
		{"--db", dsn, "--views-db", "v.db"},
		{"--db", dsn, "--allow-broken-ledger"},
	} {
		var stderr bytes.Buffer
		if code := run(args, &stderr); code != exitUsage || stderr.Len() == 0 {
			t.Errorf("run %q: exit %d (%s), want %d with a message", args, code, stderr.String(), exitUsage)
		}
	}
}
