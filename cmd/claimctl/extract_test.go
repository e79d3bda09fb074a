package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// article is written for this test: a headline line, a yuan amount with its
// dollar pair, and a body year that contradicts the headline's.
const article = "Harbour Board Backs 2025 Port Plan\n\n" +
	"The board’s 2024 port plan sets aside a\u00a0300 billion yuan ($42 billion) fund. " +
	"“We will dredge the channel first,” Ortega said.\n"

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "article.txt")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExtract_jsonOffsetsIndexTheFile(t *testing.T) {
	path := writeFile(t, article)
	code, out, errs := runCmd("extract", path, "-o", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Title  string           `json:"title"`
		Claims []map[string]any `json:"claims"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if doc.Title != "Harbour Board Backs 2025 Port Plan" {
		t.Errorf("title %q: the first line is the headline", doc.Title)
	}
	kinds := map[string]bool{}
	for _, c := range doc.Claims {
		for _, key := range []string{"kind", "text", "start", "end", "checks"} {
			if _, ok := c[key]; !ok {
				t.Fatalf("claim %v lacks %q", c, key)
			}
		}
		start, end := int(c["start"].(float64)), int(c["end"].(float64))
		if article[start:end] != c["text"] {
			t.Errorf("file[%d:%d] = %q, claim text %q", start, end, article[start:end], c["text"])
		}
		kinds[c["kind"].(string)] = true
	}
	for _, k := range []string{"money", "date", "quote"} {
		if !kinds[k] {
			t.Errorf("no %s claim in %s", k, out)
		}
	}
	if !strings.Contains(out, `"result": "fail"`) || !strings.Contains(out, "headline_year") {
		t.Errorf("the 2024/2025 conflict is not flagged:\n%s", out)
	}
	if !strings.Contains(out, `"implied_rate"`) {
		t.Errorf("the yuan/dollar pair has no implied rate:\n%s", out)
	}
}

func TestExtract_titleFlagAndPublished(t *testing.T) {
	path := writeFile(t, "Exports fell last year, the ministry said.\n")
	code, out, errs := runCmd("extract", "--title", "Exports Slump in 2025 Trade Figures", "--published", "2026-02-10", "-o", "json", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, `"date": "2025"`) || !strings.Contains(out, `"part": "title"`) {
		t.Errorf("want last year resolved to 2025 and a title claim:\n%s", out)
	}
}

func TestExtract_table(t *testing.T) {
	path := writeFile(t, article)
	code, out, errs := runCmd("extract", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"KIND", "money", "300 billion yuan ($42 billion)", "INCONSISTENCIES", "headline_year"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestExtract_errors(t *testing.T) {
	bad := writeFile(t, "Headline\nbody \xff\xfe here\n")
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"no file", []string{"extract"}, exitUsage, "want exactly one FILE"},
		{"two files", []string{"extract", "a", "b"}, exitUsage, "want exactly one FILE"},
		{"bad output format", []string{"extract", bad, "-o", "xml"}, exitUsage, "-o must be json or table"},
		{"bad date", []string{"extract", bad, "--published", "March 5"}, exitUsage, "YYYY-MM-DD"},
		{"unknown flag", []string{"extract", "--frob", bad}, exitUsage, "flag provided but not defined"},
		{"missing file", []string{"extract", filepath.Join(t.TempDir(), "nope.txt")}, exitFail, "no such file"},
		{"invalid UTF-8", []string{"extract", bad}, exitFail, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCmd(tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, errs)
			}
			if !strings.Contains(errs, tt.inStderr) {
				t.Errorf("stderr %q lacks %q", errs, tt.inStderr)
			}
			if out != "" {
				t.Errorf("errors must not write to stdout: %q", out)
			}
		})
	}
}
