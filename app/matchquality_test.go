package app_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/memory"
	"github.com/claimledger/claimledger/adapters/memory/memviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
)

// TestMatching_precisionAndRecall ingests articles written for this test
// (testdata/match) that share claims in other words, and measures the
// suggestions against the pairs testdata/match/pairs.txt labels as the
// same claim. Every other suggestion is a false positive.
func TestMatching_precisionAndRecall(t *testing.T) {
	const dir = "testdata/match"
	store := memory.New()
	views := memviews.New(store, nil)
	cmds, err := app.NewCommands(store, app.NewRegistry(), claim.Policy{Quorum: 1})
	if err != nil {
		t.Fatal(err)
	}
	cmds.Matcher = views
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- views.Run(ctx, app.NewProjector(store, app.NewRegistry())) }()
	t.Cleanup(func() { cancel(); <-done })
	if _, err := cmds.Bootstrap(t.Context(), func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	admin := app.Actor{ID: app.AdminName, Role: "admin"}

	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	claimsOf := map[string][]app.ClaimView{} // by file name
	for i, path := range files {
		name := filepath.Base(path)
		if name == "pairs.txt" {
			continue
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		title, body, _ := strings.Cut(string(raw), "\n")
		in, err := cmds.IngestArticle(t.Context(), admin, app.IngestArticle{RequestID: name, Title: title,
			Body: []byte(body), Published: time.Date(2026, 3, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)})
		if err != nil {
			t.Fatalf("ingest %s: %v", name, err)
		}
		wctx, wcancel := context.WithTimeout(t.Context(), 10*time.Second)
		err = views.WaitApplied(wctx, in.Position)
		wcancel()
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range in.ClaimIDs {
			c, _, err := views.Claim(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			claimsOf[name] = append(claimsOf[name], c)
		}
	}
	fileOf := map[string]string{}
	for name, cs := range claimsOf {
		for _, c := range cs {
			fileOf[c.ID] = name
		}
	}

	want := readPairs(t, filepath.Join(dir, "pairs.txt"), claimsOf)
	got := map[[2]string]string{} // suggested pair -> how it reads
	for _, cs := range claimsOf {
		for _, c := range cs {
			for _, m := range c.Matches {
				p := pairOf(c.ID, string(m.OtherClaimID))
				got[p] = fmt.Sprintf("%s %q ~ %s %q (%.2f)", fileOf[c.ID], c.Text, fileOf[string(m.OtherClaimID)], textOf(claimsOf, string(m.OtherClaimID)), m.Score)
			}
		}
	}
	hits := 0
	for p, s := range got {
		if want[p] {
			hits++
		} else {
			t.Logf("false positive: %s", s)
		}
	}
	for p := range want {
		if _, ok := got[p]; !ok {
			t.Logf("missed: %s %q ~ %s %q", fileOf[p[0]], textOf(claimsOf, p[0]), fileOf[p[1]], textOf(claimsOf, p[1]))
		}
	}
	precision, recall := ratio(hits, len(got)), ratio(hits, len(want))
	t.Logf("suggestions %d, labelled pairs %d, correct %d: precision %.2f, recall %.2f", len(got), len(want), hits, precision, recall)
	if precision < 0.8 || recall < 0.8 {
		t.Errorf("precision %.2f, recall %.2f: both must be at least 0.8", precision, recall)
	}
}

// readPairs reads "file|text||file|text" lines into pairs of claim ids: the
// claim of each file whose text contains the given text.
func readPairs(t *testing.T, path string, claimsOf map[string][]app.ClaimView) map[[2]string]bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[[2]string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		left, right, ok := strings.Cut(line, "||")
		if !ok {
			t.Fatalf("pairs: %q is not file|text||file|text", line)
		}
		out[pairOf(find(t, claimsOf, left), find(t, claimsOf, right))] = true
	}
	return out
}

func find(t *testing.T, claimsOf map[string][]app.ClaimView, ref string) string {
	t.Helper()
	file, text, _ := strings.Cut(ref, "|")
	i := slices.IndexFunc(claimsOf[file], func(c app.ClaimView) bool { return strings.Contains(c.Text, text) })
	if i < 0 {
		t.Fatalf("pairs: no claim of %s contains %q", file, text)
	}
	return claimsOf[file][i].ID
}

func textOf(claimsOf map[string][]app.ClaimView, id string) string {
	for _, cs := range claimsOf {
		for _, c := range cs {
			if c.ID == id {
				return c.Text
			}
		}
	}
	return ""
}

func pairOf(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}
