package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// stdin is what '-' reads; tests replace it.
var stdin io.Reader = os.Stdin

// ingestExts are the files a directory contributes: articles are plain
// text or Markdown; anything else there (images, notes.json) is skipped.
var ingestExts = []string{".txt", ".md"}

func runIngest(e *env, args []string) error {
	fs := e.flags("ingest", "ingest FILE|DIR|-... [--url U] [--title T] [--published YYYY-MM-DD] [-o table|json|jsonl|id]",
		"Ingests articles: each FILE, every *.txt and *.md file directly in each DIR (sorted by name; other files\n"+
			"and subdirectories are skipped), or stdin for '-'. The first line of a file is its headline unless\n"+
			"--title is given (a leading Markdown '# ' is dropped); the rest is the body. --title, --url and\n"+
			"--request-id need a single input. One failing file does not stop the others: each failure is named\n"+
			"on stderr, the summary line 'ingested N, already there M, failed K' ends the run, and the exit code\n"+
			"is 1 if any file failed (or that failure's own code, when every file failed the same way).\n"+
			"-o json prints the API's IngestArticleResponse: one object for one input, an array for several.",
		"claimctl ingest articles/ --published 2026-03-14")
	title := fs.String("title", "", "headline (default: the first line of the file)")
	url := fs.String("url", "", "canonical URL of the article")
	published := fs.String("published", "", "publication date, YYYY-MM-DD (resolves relative dates)")
	requestID := fs.String("request-id", "", "idempotency key, for a single input (default: a random one)")
	out := output(fs, "table", "json", "jsonl", "id")
	inputs, err := e.parse(fs, args, 1, -1)
	if err != nil {
		return err
	}
	if *published != "" {
		if _, err := time.Parse(time.DateOnly, *published); err != nil {
			return usagef("--published must be YYYY-MM-DD, not %q", *published)
		}
	}
	files, single, err := expandInputs(inputs)
	if err != nil {
		return err
	}
	if !single && (*title != "" || *url != "" || *requestID != "") {
		return usagef("--title, --url and --request-id apply to one article; got %d inputs", len(files))
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	cl := pb.NewArticleServiceClient(conn)

	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	arr := &jsonArray{w: e.stdout}
	if out.value == "table" {
		fmt.Fprintln(tw, "FILE\tARTICLE\tCLAIMS\tFLAGGED\tRESULT\tTITLE")
	}
	bar := progress{w: e.stderr, total: len(files), on: len(files) > 1 && isTerminal(e.stderr)}
	var added, already, failed int
	var lastErr error
	for i, f := range files {
		bar.show(i, f)
		req, err := readArticle(f, *title)
		if err == nil {
			req.RequestId, req.Url, req.Published = orRandom(*requestID), *url, *published
			ctx, cancel := e.call()
			var res *pb.IngestArticleResponse
			res, err = cl.IngestArticle(ctx, req)
			cancel()
			if err == nil {
				bar.clear()
				if res.GetAlreadyIngested() {
					already++
				} else {
					added++
				}
				err = printIngested(out.value, tw, arr, single, e.stdout, f, res)
				if err != nil {
					return err // stdout is gone; nothing more can be reported
				}
				continue
			}
		}
		bar.clear()
		failed++
		lastErr = err
		msg := err.Error()
		if s, ok := grpcStatus(err); ok {
			msg = fmt.Sprintf("%s (%s)", s.Message(), s.Code())
		}
		fmt.Fprintf(e.stderr, "claimctl ingest: %s: %s\n", f, msg)
	}
	switch out.value {
	case "table":
		if err := tw.Flush(); err != nil {
			return err
		}
	case "json":
		if !single {
			if err := arr.close(); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(e.stderr, "ingested %d, already there %d, failed %d\n", added, already, failed)
	switch {
	case failed == 0:
		return nil
	case failed == len(files) && single:
		return exitError{code: report(io.Discard, "", lastErr)} // one input: its own exit code
	default:
		return exitError{code: exitFail}
	}
}

func printIngested(format string, tw io.Writer, arr *jsonArray, single bool, stdout io.Writer, file string, res *pb.IngestArticleResponse) error {
	a := res.GetArticle()
	switch format {
	case "json":
		if single {
			return writeJSON(stdout, res)
		}
		return arr.add(res)
	case "jsonl":
		return writeJSONL(stdout, res)
	case "id":
		_, err := fmt.Fprintln(stdout, a.GetId())
		return err
	}
	flagged := 0
	for _, c := range res.GetClaims() {
		if c.GetFlagged() {
			flagged++
		}
	}
	result := "new"
	if res.GetAlreadyIngested() {
		result = "already there"
	}
	_, err := fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", file, a.GetId(), len(res.GetClaims()), flagged, result, clip(a.GetTitle(), 50))
	return err
}

// expandInputs turns the arguments into the files to ingest, in order.
// single is true for exactly one FILE or '-'.
func expandInputs(inputs []string) (files []string, single bool, err error) {
	sawDir := false
	for _, in := range inputs {
		if in == "-" {
			files = append(files, in)
			continue
		}
		fi, err := os.Stat(in)
		if err != nil || !fi.IsDir() { // a missing file fails alone, when it is read
			files = append(files, in)
			continue
		}
		if false {
			files = append(files, in)
			continue
		}
		entries, err := os.ReadDir(in) // sorted by name
		if err != nil {
			return nil, false, err
		}
		n := len(files)
		for _, de := range entries {
			if de.Type().IsRegular() && slices.Contains(ingestExts, strings.ToLower(filepath.Ext(de.Name()))) {
				files = append(files, filepath.Join(in, de.Name()))
			}
		}
		if len(files) == n {
			return nil, false, fmt.Errorf("%s holds no *.txt or *.md file", in)
		}
		sawDir = true // a directory is never a single input, even of one file
	}
	return files, len(files) == 1 && !sawDir, nil
}

// readArticle reads one input into a request: the headline from --title or
// the first line, the body the rest, as sent, so claim offsets index into
// it exactly.
func readArticle(path, title string) (*pb.IngestArticleRequest, error) {
	var raw []byte
	var err error
	if path == "-" {
		raw, err = io.ReadAll(io.LimitReader(stdin, 1<<20+1))
	} else {
		raw, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if !utf8.Valid(raw) {
		return nil, fmt.Errorf("not valid UTF-8 text")
	}
	text := string(raw)
	if title == "" {
		head, body, _ := strings.Cut(text, "\n")
		title = strings.TrimSpace(strings.TrimSuffix(head, "\r"))
		if strings.HasSuffix(strings.ToLower(path), ".md") {
			title = strings.TrimSpace(strings.TrimLeft(title, "#"))
		}
		text = body
	}
	if title == "" {
		return nil, fmt.Errorf("no headline: the first line is empty (or pass --title)")
	}
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("no article text after the headline")
	}
	return &pb.IngestArticleRequest{Title: title, Body: text}, nil
}

// progress draws a one-line bar on stderr when it is a terminal; piped
// stderr gets only the failures and the summary.
type progress struct {
	w     io.Writer
	total int
	on    bool
}

func (p progress) show(done int, name string) {
	if !p.on {
		return
	}
	const width = 30
	filled := width * done / p.total
	fmt.Fprintf(p.w, "\r\x1b[K[%s%s] %d/%d %s", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, p.total, clip(filepath.Base(name), 40))
}

func (p progress) clear() {
	if p.on {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
