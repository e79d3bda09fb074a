package main

import (
	"fmt"
	"text/tabwriter"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

func runReextract(e *env, args []string) error {
	fs := e.flags("reextract", "reextract ARTICLE...|--all [--dry-run] [--request-id R] [-o table|json]",
		"Editor: runs the server's current extractor again on ingested articles and records only what is new:\n"+
			"claims it now finds that no live claim of the same kind overlaps, and a new span or kind for claims\n"+
			"nobody has reviewed yet (no vote ever, still extracted, not added or corrected by hand). Reviewed\n"+
			"claims never change. --dry-run prints what would change and records nothing. Running it twice\n"+
			"records nothing the second time.",
		"claimctl reextract --all --dry-run")
	all := fs.Bool("all", false, "every ingested article")
	dry := fs.Bool("dry-run", false, "print what would change; record nothing")
	requestID := fs.String("request-id", "", "idempotency key (default: a random one)")
	out := output(fs, "table", "json")
	ids, err := e.parse(fs, args, 0, -1)
	if err != nil {
		return err
	}
	if *all == (len(ids) > 0) {
		return usagef("give article ids or --all, not both or neither")
	}
	id := *requestID
	if id == "" {
		id = newRequestID()
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	ctx, cancel := e.call()
	defer cancel()
	res, err := pb.NewArticleServiceClient(conn).ReextractArticles(ctx, &pb.ReextractArticlesRequest{RequestId: id,
		ArticleIds: ids, All: *all, DryRun: *dry})
	if err != nil {
		return err
	}
	if out.value == "json" {
		return writeJSON(e.stdout, res)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ACTION\tCLAIM\tKIND\tTEXT\tWAS")
	for _, c := range res.GetChanges() {
		action, was := "add", ""
		if c.GetAction() == pb.ReextractChange_ACTION_CORRECT {
			action, was = "correct", kindName(c.GetFromKind())+" "+clip(fmt.Sprintf("%q", c.GetFromText()), 40)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", action, c.GetClaimId(), kindName(c.GetKind()), clip(c.GetText(), 60), was)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	verb := "recorded"
	if *dry {
		verb = "would record (dry run: nothing recorded)"
	}
	fmt.Fprintf(e.stderr, "extractor %s on %d article(s): %s %d change(s)\n", res.GetExtractorVersion(), res.GetArticles(), verb, len(res.GetChanges()))
	return nil
}
