package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/claimledger/claimledger/adapters/export"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// exportCorpus writes, for each article, its text and its reviewed claims
// in the corpus's layout, each file atomically.
func exportCorpus(e *env, dir string, articles []string) error {
	conn, err := e.client()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	arts, ledger := pb.NewArticleServiceClient(conn), pb.NewLedgerServiceClient(conn)
	total := 0
	for _, id := range articles {
		ctx, cancel := e.call()
		res, err := arts.GetArticle(ctx, &pb.GetArticleRequest{Id: id, IncludeText: true})
		cancel()
		if err != nil {
			return fmt.Errorf("article %s: %w", id, err)
		}
		a := res.GetArticle()
		collect := &collector{}
		if _, err := exportTo(e.ctx, ledger, &pb.ExportClaimsRequest{ArticleId: id}, collect, io.Discard); err != nil {
			return fmt.Errorf("article %s: %w", id, err)
		}
		if err := writeAtomic(filepath.Join(dir, id+".txt"), func(w io.Writer) error {
			_, err := io.WriteString(w, a.GetText())
			return err
		}); err != nil {
			return err
		}
		var n int
		ca := export.CorpusArticle{ID: id, Title: a.GetTitle(), URL: a.GetUrl(), Text: a.GetText()}
		if err := writeAtomic(filepath.Join(dir, id+".claims.json"), func(w io.Writer) error {
			n, err = export.WriteCorpus(w, ca, collect.claims)
			return err
		}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s\t%d reviewed claims of %d\t%s\n", id, n, len(collect.claims), clip(strings.TrimSpace(a.GetTitle()), 60))
		total += n
	}
	fmt.Fprintf(e.stderr, "exported %d reviewed claims of %d article(s) to %s\n", total, len(articles), dir)
	return nil
}

// collector is a Renderer that keeps the claims: an article's claims are
// sorted by offset before writing, so the corpus file needs all of them.
type collector struct{ claims []*pb.Claim }

func (c *collector) Begin(io.Writer) error    { return nil }
func (c *collector) Write(cl *pb.Claim) error { c.claims = append(c.claims, cl); return nil }
func (c *collector) End() error               { return nil }
