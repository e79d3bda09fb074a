package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngest_directoryWithAFailingFile ingests a directory where one file
// is not UTF-8: the others are ingested, the failure is named on stderr,
// the summary counts all three outcomes, and the exit code is 1.
func TestIngest_directoryWithAFailingFile(t *testing.T) {
	s := startServer(t)
	dir := t.TempDir()
	files := map[string]string{
		"a-bakery.txt": "Bakery chain opens 12 shops\nThe Crumb & Co chain opened 12 shops in March, its chief executive said on Monday.\n",
		"b-harbour.md": "# Harbour fees rise 8%\nFees at the port of Welling rose 8% in 2025, the harbour authority said.\n",
		"c-broken.txt": "Broken \xff headline\nbody\n",
		"notes.json":   `{"skipped": true}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The first article is already there: the summary says so.
	s.must(s.admin, "ingest", filepath.Join(dir, "a-bakery.txt"))

	r := s.run(s.admin, "ingest", dir)
	if r.code != exitFail {
		t.Fatalf("exit %d, want 1\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "c-broken.txt: not valid UTF-8") || !strings.Contains(r.stderr, "ingested 1, already there 1, failed 1") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, "notes.json") {
		t.Errorf("notes.json was not skipped:\n%s%s", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "Harbour fees rise 8%") || !strings.Contains(r.stdout, "already there") {
		t.Errorf("stdout:\n%s", r.stdout)
	}

	// '-' reads stdin; one input with -o json prints the API's response.
	stdin = strings.NewReader("Tram fares frozen until 2027\nRiverton will keep tram fares at 2.10 euros until 2027, the council said.\n")
	defer func() { stdin = os.Stdin }()
	r = s.run(s.admin, "ingest", "-", "--published", "2026-03-11", "-o", "json")
	if r.code != 0 || !strings.Contains(r.stdout, `"title": "Tram fares frozen until 2027"`) || !strings.Contains(r.stdout, `"claims": [`) {
		t.Errorf("stdin ingest: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}

	// Flags that name one article refuse several inputs.
	if r := s.run(s.admin, "ingest", dir, "--title", "One title"); r.code != exitUsage {
		t.Errorf("--title with a directory: exit %d, want 2", r.code)
	}
}

// TestIngest_listOfThousandsOfFigures ingests a made-up list of 9,000
// figures pasted as one paragraph: within the body and claim limits, so it
// is recorded, and the answer, with every claim, is received and reported
// (it is about 11 MB, past gRPC's default 4 MiB).
func TestIngest_listOfThousandsOfFigures(t *testing.T) {
	// The answer carries the claims' views once the views have projected
	// 9,000 claims: on a loaded machine, longer than the default 5 s.
	s := startServer(t, "--read-wait", "5m")
	var b strings.Builder
	b.WriteString("Harbour figures for 2027\nThe quays handled")
	for i := range 9000 {
		fmt.Fprintf(&b, ", %d,%03d tonnes in district %d", 10+i%80, i%1000, i)
	}
	b.WriteString("\n")
	path := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// The size is under test, not the speed: a loaded machine may take longer
	// than the default 30 s deadline.
	r := s.run(s.admin, "ingest", path, "-o", "json", "--timeout", "10m")
	if r.code != 0 {
		t.Fatalf("ingest of a %d-byte list: exit %d\n%s", b.Len(), r.code, r.stderr)
	}
	if n := strings.Count(r.stdout, `"sentence": "…`); n < 8000 {
		t.Errorf("%d claims with a cut sentence in the answer, want about 9000", n)
	}
}
