package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	articleFile = "testdata/tramway.txt" // written for these tests; not from a real outlet
	articleURL  = "https://riverton.example/news/tram"
)

// step is one claimctl command of a transcript and the exit code it must
// end with.
type step struct {
	token string
	args  []string
	code  int
}

// transcript runs the steps in order and compares what they print, with
// their exit codes and stderr, against one golden file, so a reader sees
// the session as a user would.
func transcript(t *testing.T, s *server, name string, steps []step) {
	t.Helper()
	var b strings.Builder
	for _, st := range steps {
		r := s.run(st.token, st.args...)
		fmt.Fprintf(&b, "$ claimctl %s\n%s", shellJoin(st.args), r.stdout)
		if r.stderr != "" {
			fmt.Fprintf(&b, "[stderr] %s", strings.ReplaceAll(strings.TrimSuffix(r.stderr, "\n"), "\n", "\n[stderr] ")+"\n")
		}
		fmt.Fprintf(&b, "[exit %d]\n\n", r.code)
		if r.code != st.code {
			t.Errorf("claimctl %s: exit %d, want %d\nstderr: %s", strings.Join(st.args, " "), r.code, st.code, r.stderr)
		}
	}
	golden(t, name, b.String())
}

// TestGolden drives a review session against a real claimsd (quorum 2, so
// that claims can be contested) and compares the table and JSON output of
// every command with testdata/*.golden.
func TestGolden(t *testing.T) {
	s := startServer(t, "--quorum", "2")
	dir := t.TempDir()
	const A = "df303046ed070867"
	adm := s.admin
	golden(t, "ingest.table", s.must(adm, "ingest", articleFile, "--published", "2026-03-10", "--url", articleURL))
	// The scenario's claims, found by what they say: an extraction change
	// that renumbers them cannot move a step onto another claim.
	pick := claimPicker(t, s.must(adm, "claims", "list", "--article", A, "-o", "jsonl"))
	money := pick("money", "1.2 billion euro")
	riders := pick("count", "48,000 passengers")
	growth := pick("percentage", "12%")
	ranking := pick("ranking", "the highest increase")
	quote := pick("quote", `"This is the largest investment`)

	tok := map[string]string{}
	for _, r := range []struct{ name, role string }{{"alice", "reviewer"}, {"bob", "reviewer"}, {"erin", "editor"}, {"audrey", "auditor"}} {
		out := s.must(adm, "admin", "reviewer", "add", r.name, "--role", r.role, "-o", "json")
		var res struct{ TokenSecret string }
		if err := json.Unmarshal([]byte(out), &res); err != nil || res.TokenSecret == "" {
			t.Fatalf("reviewer add -o json: %v\n%s", err, out)
		}
		tok[r.name] = res.TokenSecret
	}
	alice, bob, erin, audrey := tok["alice"], tok["bob"], tok["erin"], tok["audrey"]

	transcript(t, s, "workflow.transcript", []step{
		{adm, []string{"ingest", articleFile, "--published", "2026-03-10", "--url", articleURL}, 0},
		{adm, []string{"claims", "list"}, 0},
		{adm, []string{"claims", "list", "--flagged", "-o", "jsonl"}, 0},
		{adm, []string{"claims", "list", "--kind", "date", "--status", "extracted", "-o", "id"}, 0},
		{alice, []string{"confirm", money, "--evidence", "https://riverton.example/budget", "--note", "matches the budget"}, 0},
		{bob, []string{"confirm", money, "--evidence", "https://riverton.example/budget"}, 0},
		{alice, []string{"confirm", riders}, 0},
		{bob, []string{"dispute", riders, "--reason", "wrong_value", "--corrected", "42,000 passengers", "--evidence", "https://riverton.example/study", "--note", "the study says 42,000"}, 0},
		{erin, []string{"settle", riders, "--verdict", "dispute", "--note", "the council's own study says 42,000"}, 0},
		{alice, []string{"unverifiable", growth, "-o", "json"}, 0},
		{bob, []string{"unverifiable", growth, "--request-id", "bob-10-once"}, 0},
		{bob, []string{"unverifiable", growth, "--request-id", "bob-10-once"}, 0}, // a retry: same answer, nothing written
		{erin, []string{"reopen", growth, "--reason", "the transport office published the figures"}, 0},
		{alice, []string{"confirm", ranking}, 0},
		{alice, []string{"retract", ranking, "--reason", "wrong claim"}, 0},
		{erin, []string{"dismiss", quote, "--reason", "a quote, checked with the mayor's office", "-o", "id"}, 0},
		{adm, []string{"claims", "list", "--status", "confirmed"}, 0},
		{adm, []string{"claims", "list", "--status", "disputed", "-o", "json"}, 0},
		{adm, []string{"claims", "list", "--status", "contested", "-o", "json"}, 0},
	})

	golden(t, "show.table", s.must(adm, "claims", "show", riders))
	golden(t, "show_reviewer.table", s.must(alice, "claims", "show", money))
	golden(t, "show.json", s.must(adm, "claims", "show", riders, "-o", "json"))
	golden(t, "history.table", s.must(audrey, "history", riders))
	golden(t, "history.jsonl", s.must(audrey, "history", money, "-o", "jsonl"))
	golden(t, "verify.table", s.must(audrey, "audit", "verify"))
	golden(t, "watch.table", s.must(alice, "watch", "--from", "40", "--count", "3"))
	golden(t, "export.csv", s.must(alice, "export", "--article", A, "--format", "csv"))
	golden(t, "export_confirmed.jsonl", s.must(alice, "export", "--status", "confirmed", "--format", "jsonl"))
	crPath := filepath.Join(dir, "reviews.json")
	s.must(alice, "export", "--format", "claimreview", "--org", "Riverton Fact Desk", "--base-url", "https://factcheck.example", "--file", crPath)
	golden(t, "export.claimreview", readFile(t, crPath))

	// The CSV reads back: every row has every column, the text intact.
	// One row per claim the server lists, plus the header; the quote's text,
	// commas and quotes included, comes back whole.
	ids := strings.Fields(s.must(alice, "claims", "list", "-o", "id"))
	rows, err := csv.NewReader(strings.NewReader(s.must(alice, "export", "--format", "csv"))).ReadAll()
	if err != nil || len(rows) != len(ids)+1 {
		t.Fatalf("csv export: %d rows for %d claims, %v", len(rows), len(ids), err)
	}
	quotes := 0
	for _, r := range rows[1:] {
		if len(r) != len(rows[0]) {
			t.Errorf("row %v has %d columns, the header %d", r, len(r), len(rows[0]))
		}
		if r[2] == "quote" {
			quotes++
			if !strings.HasPrefix(r[4], `"This is the largest investment in public transport in our history,"`) {
				t.Errorf("quote row text %q", r[4])
			}
		}
	}
	if quotes != 1 {
		t.Errorf("%d quote rows, want 1", quotes)
	}

	transcript(t, s, "errors.transcript", []step{
		{adm, []string{"claims", "show", "no-such-claim"}, 4},
		{alice, []string{"confirm", money}, 7},                         // final: reopen first
		{alice, []string{"settle", riders, "--verdict", "confirm"}, 6}, // a reviewer may not settle
		{alice, []string{"history", riders}, 6},                        // nor read the audit trail
		{"t000000000000.not-a-real-token", []string{"claims", "list"}, 6},
		{alice, []string{"dispute", quote, "--reason", "bogus"}, 2},
		{alice, []string{"dispute", quote}, 2},
		{alice, []string{"confirm", quote, "--expected-version", "7"}, 8},
		{alice, []string{"confirm", quote, "--evidence", "not a url"}, 3},
		{alice, []string{"confirm"}, 2},
		{alice, []string{"claims", "list", "-o", "yaml"}, 2},
		{adm, []string{"admin", "reviewer", "add", "alice", "--role", "reviewer"}, 5},
		{adm, []string{"ingest", "testdata/no-such-file.txt"}, 1},
	})

	// Reviewers complete the extractor: a claim added by its text and by
	// its byte offsets into the file, a correction, a dismissal as not a
	// claim; then what the ledger says of the extractor.
	file := readFile(t, articleFile)
	river := strings.Index(file, "the Aster river")
	added := fmt.Sprintf("%s-%02d", A, len(ids)+1)
	transcript(t, s, "completion.transcript", []step{
		{alice, []string{"claims", "add", A, "--kind", "event", "--text", "Riverton's city council on Tuesday approved", "--request-id", "add-once"}, 0},
		{alice, []string{"claims", "add", A, "--kind", "event", "--text", "Riverton's city council on Tuesday approved", "--request-id", "add-once"}, 0}, // a retry
		{bob, []string{"claims", "add", A, "--kind", "event", "--text", "Riverton's city council on Tuesday approved"}, 5},
		{alice, []string{"claims", "add", A, "--kind", "identifier", "--start", fmt.Sprint(river + 4), "--end", fmt.Sprint(river + 15), "-o", "id"}, 0},
		{alice, []string{"claims", "add", A, "--kind", "event", "--text", "tram"}, 3},
		{alice, []string{"claims", "add", A, "--kind", "event", "--start", fmt.Sprint(river), "--end", fmt.Sprint(river + 3), "--text", "The"}, 3},
		{alice, []string{"claims", "add", A, "--text", "tram line"}, 2},                      // no kind
		{alice, []string{"claims", "add", A, "--kind", "event", "--start", "3"}, 2},          // no end
		{alice, []string{"claims", "add", A, "--kind", "opinion", "--text", "tram line"}, 2}, // no such kind
		{erin, []string{"reextract"}, 2}, // no article, no --all
		{alice, []string{"claims", "correct", added, "--kind", "attribution"}, 6},
		{erin, []string{"claims", "correct", added, "--text", "Riverton's city council on Tuesday approved a 1.2 billion euro ($1.3 billion) plan", "--expected-version", "1"}, 0},
		{erin, []string{"dismiss", ranking, "--reason-code", "not_a_claim", "--reason", "a comparison, not a ranking of peers"}, 0},
		{erin, []string{"dismiss", growth, "--reason-code", "rubbish", "--reason", "x"}, 2},
		{erin, []string{"reextract", A, "--dry-run"}, 0},
		{alice, []string{"reextract", "--all"}, 6},
		{adm, []string{"stats", "extraction"}, 0},
		{adm, []string{"claims", "show", added}, 0},
	})
	corpus := filepath.Join(dir, "corpus")
	s.must(alice, "export", "--format", "corpus", "--dir", corpus, A)
	if got := readFile(t, filepath.Join(corpus, A+".txt")); got != file {
		t.Errorf("corpus text differs from the file ingested:\n%s", got)
	}
	golden(t, "export_corpus.json", readFile(t, filepath.Join(corpus, A+".claims.json")))
}

// claimPicker returns a lookup of the claims in a `claims list -o jsonl`
// output by kind and the start of their text; a lookup that matches no
// claim, or more than one, fails the test.
func claimPicker(t *testing.T, jsonl string) func(kind, textPrefix string) string {
	t.Helper()
	type row struct{ ID, Kind, Text string }
	var rows []row
	for _, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		var r row
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("claims list line %q: %v", line, err)
		}
		rows = append(rows, r)
	}
	return func(kind, textPrefix string) string {
		t.Helper()
		var ids []string
		for _, r := range rows {
			if r.Kind == "CLAIM_KIND_"+strings.ToUpper(kind) && strings.HasPrefix(r.Text, textPrefix) {
				ids = append(ids, r.ID)
			}
		}
		if len(ids) != 1 {
			t.Fatalf("claims of kind %s starting %q: %v, want exactly one", kind, textPrefix, ids)
		}
		return ids[0]
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// shellJoin quotes the arguments that need it, so a transcript line can be
// pasted into a shell.
func shellJoin(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if a == "" || strings.ContainsAny(a, " '\"$,;&|<>()*?!#") {
			out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(out, " ")
}
