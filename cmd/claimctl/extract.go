package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/claimledger/claimledger/domain/extract"
)

// extractOutput is the JSON document `claimctl extract -o json` prints.
// Body claims' offsets are UTF-8 byte offsets into FILE; with --title, title
// claims have part "title" and offsets into the title string.
type extractOutput struct {
	File      string          `json:"file"`
	Title     string          `json:"title"`
	Published string          `json:"published,omitempty"`
	Claims    []extract.Claim `json:"claims"`
}

func runExtract(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("claimctl extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	title := fs.String("title", "", "headline; without it the first line of FILE is the headline")
	published := fs.String("published", "", "publication date, YYYY-MM-DD, to resolve relative dates")
	output := fs.String("o", "table", "output format: table, json (one document) or jsonl (one claim per line)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: claimctl extract FILE [--title T] [--published YYYY-MM-DD] [-o table|json|jsonl]")
		fmt.Fprintln(stderr, "\nExtracts checkable claims offline, without a server.\n\nExample:\n  claimctl extract article.txt --published 2026-03-10 -o json\n\nFlags:")
		fs.PrintDefaults()
	}
	files, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "claimctl extract: want exactly one FILE, got %d\n", len(files))
		fs.Usage()
		return exitUsage
	}
	if *output != "json" && *output != "jsonl" && *output != "table" {
		fmt.Fprintf(stderr, "claimctl extract: -o must be json or table or jsonl, not %q\n", *output)
		return exitUsage
	}
	var date time.Time
	if *published != "" {
		if date, err = time.Parse(time.DateOnly, *published); err != nil {
			fmt.Fprintf(stderr, "claimctl extract: --published must be YYYY-MM-DD: %q\n", *published)
			return exitUsage
		}
	}
	claims, head, err := extractFile(files[0], *title, date)
	if err != nil {
		fmt.Fprintf(stderr, "claimctl extract: %v\n", err)
		return exitFail
	}
	if *output == "jsonl" {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		for _, c := range claims {
			if err := enc.Encode(c); err != nil {
				fmt.Fprintf(stderr, "claimctl extract: write: %v\n", err)
				return exitFail
			}
		}
		return exitOK
	}
	if *output == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(extractOutput{File: files[0], Title: head, Published: *published, Claims: claims}); err != nil {
			fmt.Fprintf(stderr, "claimctl extract: write: %v\n", err)
			return exitFail
		}
		return exitOK
	}
	if err := writeTable(stdout, claims); err != nil {
		fmt.Fprintf(stderr, "claimctl extract: write: %v\n", err)
		return exitFail
	}
	return exitOK
}

// parseInterspersed lets flags follow FILE, as users type them:
// `claimctl extract a.txt -o json`. The standard flag package stops at the
// first positional argument, so parsing resumes after each one.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// extractFile reads FILE and returns its claims with body offsets mapped to
// byte offsets into the file, and the headline used.
func extractFile(path, title string, published time.Time) ([]extract.Claim, string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("read article: %w", err)
	}
	if !utf8.Valid(raw) {
		return nil, "", fmt.Errorf("%s: %w", path, extract.ErrInvalidText)
	}
	text := string(raw)
	a, bodyStart := extract.Article{Title: title, Body: text, Published: published}, 0
	if title == "" {
		a, bodyStart = extract.FromText(text, published)
	}
	claims, err := extract.Extract(a)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	for i := range claims {
		if claims[i].Part == extract.PartBody || title == "" {
			off := 0
			if claims[i].Part == extract.PartBody {
				off = bodyStart
			}
			claims[i].Start += off
			claims[i].End += off
			claims[i].Part = "file"
		}
	}
	return claims, a.Title, nil
}

func writeTable(w io.Writer, claims []extract.Claim) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tSTART\tEND\tTEXT\tVALUE\tCHECKS")
	var flags []string
	for _, c := range claims {
		var checks []string
		for _, ch := range c.Checks {
			checks = append(checks, ch.Name+":"+string(ch.Result))
			if ch.Result == extract.Fail {
				flags = append(flags, fmt.Sprintf("%d-%d %s: %s", c.Start, c.End, ch.Name, ch.Detail))
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\n", c.Kind, c.Start, c.End, clip(c.Text, 60), clip(summary(c), 48), strings.Join(checks, ","))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(flags) > 0 {
		fmt.Fprintln(w, "\nINCONSISTENCIES")
		for _, f := range flags {
			fmt.Fprintln(w, f)
		}
	}
	return nil
}

// summary renders a claim's normalized value on one line.
func summary(c extract.Claim) string {
	v := c.Value
	var parts []string
	if v != nil {
		if v.Qualifier != "" {
			parts = append(parts, v.Qualifier)
		}
		if v.Number != nil {
			parts = append(parts, human(*v.Number)+" "+v.Unit)
		}
		if v.Paired != nil {
			parts = append(parts, "= "+human(v.Paired.Value)+" "+v.Paired.Currency)
		}
		if v.Rate != nil {
			parts = append(parts, fmt.Sprintf("(%.4g %s)", v.Rate.Value, v.Rate.Pair))
		}
		if v.Date != "" {
			parts = append(parts, v.Date)
		} else if v.Relative != "" {
			parts = append(parts, v.Relative)
		}
		if v.TimeScope != "" {
			parts = append(parts, "in "+v.TimeScope)
		}
		if v.Rank > 0 {
			parts = append(parts, fmt.Sprintf("rank %d", v.Rank))
		}
	}
	if c.Source != "" {
		parts = append(parts, "by "+c.Source)
	}
	return strings.Join(parts, " ")
}

// clip shortens s to n runes on one line, so a table row stays a row.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// human writes large amounts the way the article did: "2 trillion", not 2e+12.
func human(v float64) string {
	for _, s := range []struct {
		f    float64
		name string
	}{{1e12, "trillion"}, {1e9, "billion"}, {1e6, "million"}} {
		if v >= s.f || v <= -s.f {
			return strconv.FormatFloat(v/s.f, 'f', -1, 64) + " " + s.name
		}
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
