package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/claimledger/claimledger/adapters/export"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

func runExport(e *env, args []string) error {
	fs := e.flags("export", "export [--status S] [--kind K] [--article ID] --format jsonl|csv|claimreview [--file PATH] [--org NAME] [--base-url URL]\n"+
		"       export --format corpus --dir DIR ARTICLE...",
		"Streams the matching claims from the server straight into the chosen format, in constant memory.\n"+
			"  jsonl        one Claim per line, the API's JSON (as claims show -o json)\n"+
			"  csv          header row, then id, article_id, kind, status, text, normalized (JSON), flagged,\n"+
			"               votes_confirm, votes_dispute, votes_unverifiable, article_url, article_published\n"+
			"  claimreview  one JSON array of schema.org ClaimReview objects; reviewRating.alternateName is the verdict:\n"+
			"               confirmed=True, disputed=False, unverifiable=Unverifiable, contested=Disputed/contested,\n"+
			"               any other status its own name\n"+
			"  corpus       the reviewed claims of the ARTICLEs (voted on, added or corrected; not dismissed) as\n"+
			"               labelled data in the corpus's format: DIR/ID.txt, the article as ingested, and\n"+
			"               DIR/ID.claims.json, with code-point and byte offsets into it\n"+
			"With --file the export is written to a temporary file and renamed into place when complete,\n"+
			"so PATH never holds half an export.",
		"claimctl export --status confirmed --format claimreview --org 'Tram Watch' --base-url https://factcheck.example --file verified.json")
	st := fs.String("status", "", "only claims in this status (confirmed, disputed, ...)")
	kind := fs.String("kind", "", "only claims of this kind")
	article := fs.String("article", "", "only claims of this article id")
	format := fs.String("format", "jsonl", "jsonl, csv, claimreview or corpus")
	dir := fs.String("dir", "", "corpus: the directory to write into (created if needed)")
	file := fs.String("file", "", "write to PATH, atomically (default: stdout)")
	org := fs.String("org", "ClaimLedger", "claimreview: the reviewing organisation (author)")
	base := fs.String("base-url", "", "claimreview: where reviews are published; url = BASE/claims/ID")
	articles, err := e.parse(fs, args, 0, -1)
	if err != nil {
		return err
	}
	if *format == "corpus" {
		if *article != "" {
			articles = append(articles, *article)
		}
		if len(articles) == 0 || *dir == "" || *st != "" || *kind != "" {
			return usagef("--format corpus takes --dir and article ids, and no --status or --kind")
		}
		return exportCorpus(e, *dir, articles)
	}
	if len(articles) > 0 {
		return usagef("takes no arguments but with --format corpus, got %q", articles)
	}
	r, err := export.New(*format, export.Options{Org: *org, BaseURL: *base})
	if err != nil {
		return usageError{err.Error()}
	}
	req := &pb.ExportClaimsRequest{ArticleId: *article}
	if *st != "" {
		v, err := parseEnum("status", *st, "CLAIM_STATUS_", pb.ClaimStatus_value)
		if err != nil {
			return err
		}
		req.Status = pb.ClaimStatus(v)
	}
	if *kind != "" {
		v, err := parseEnum("kind", *kind, "CLAIM_KIND_", pb.ClaimKind_value)
		if err != nil {
			return err
		}
		req.Kind = pb.ClaimKind(v)
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	if *file == "" {
		n, err := exportTo(e.ctx, pb.NewLedgerServiceClient(conn), req, r, e.stdout)
		if err == nil {
			fmt.Fprintf(e.stderr, "exported %d claims\n", n)
		}
		return err
	}
	var n int
	err = writeAtomic(*file, func(w io.Writer) error {
		var err error
		n, err = exportTo(e.ctx, pb.NewLedgerServiceClient(conn), req, r, w)
		return err
	})
	if err == nil {
		fmt.Fprintf(e.stderr, "exported %d claims to %s\n", n, *file)
	}
	return err
}

// exportTo renders each claim as it arrives: nothing but the current claim
// is held, whatever the size of the export.
func exportTo(ctx context.Context, cl pb.LedgerServiceClient, req *pb.ExportClaimsRequest, r export.Renderer, w io.Writer) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := cl.ExportClaims(ctx, req)
	if err != nil {
		return 0, err
	}
	if err := r.Begin(w); err != nil {
		return 0, err
	}
	n := 0
	for {
		res, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, err
		}
		if err := r.Write(res.GetClaim()); err != nil {
			return n, err
		}
		n++
	}
	return n, r.End()
}

// writeAtomic writes path through a temporary file in the same directory,
// synced and renamed over path only when write succeeded: a reader never
// sees half a file, and a failed export leaves the previous one.
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
