package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/claimledger/claimledger/adapters/export"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func runClaimsList(e *env, args []string) error {
	fs := e.flags("claims list", "claims list [--status S] [--kind K] [--article ID] [--flagged] [--reviewer R] [--has-suggestions] [--cross-article] [--verdict-elsewhere S] [--limit N] [-o table|json|jsonl|id]",
		"Lists claims in extraction order, every page of them unless --limit says otherwise.",
		"claimctl claims list --status extracted --flagged")
	st := fs.String("status", "", "only claims in this status: extracted, under_review, confirmed, disputed, unverifiable, contested, dismissed")
	kind := fs.String("kind", "", "only claims of this kind: money, percentage, count, date, quote, ...")
	article := fs.String("article", "", "only claims of this article id")
	flagged := fs.Bool("flagged", false, "only flagged claims (a consistency check failed); --flagged=false: only unflagged")
	reviewer := fs.String("reviewer", "", "only claims with a live vote by this reviewer")
	suggested := fs.Bool("has-suggestions", false, "only claims with a suggested match awaiting a reviewer")
	cross := fs.Bool("cross-article", false, "only claims another article contradicts (failed cross_article check)")
	elsewhere := fs.String("verdict-elsewhere", "", "only claims still to decide linked to a claim in this status: confirmed, disputed, ...")
	limit := fs.Int("limit", 0, "print at most this many claims (0: all)")
	out := output(fs, "table", "json", "jsonl", "id")
	if _, err := e.parse(fs, args, 0, 0); err != nil {
		return err
	}
	req := &pb.ListClaimsRequest{ArticleId: *article, Reviewer: *reviewer, PageSize: 500, HasSuggestions: *suggested, CrossArticle: *cross}
	if *elsewhere != "" {
		v, err := parseEnum("verdict-elsewhere", *elsewhere, "CLAIM_STATUS_", pb.ClaimStatus_value)
		if err != nil {
			return err
		}
		req.VerdictElsewhere = pb.ClaimStatus(v)
	}
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
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "flagged" {
			req.Flagged = flagged
		}
	})
	conn, err := e.client()
	if err != nil {
		return err
	}
	cl := pb.NewClaimServiceClient(conn)
	p := newClaimPrinter(e.stdout, out.value)
	n := 0
	for {
		ctx, cancel := e.call()
		res, err := cl.ListClaims(ctx, req)
		cancel()
		if err != nil {
			return err
		}
		for _, c := range res.GetClaims() {
			if *limit > 0 && n == *limit {
				return p.end()
			}
			if err := p.add(c); err != nil {
				return err
			}
			n++
		}
		if res.GetNextPageToken() == "" {
			return p.end()
		}
		req.PageToken = res.GetNextPageToken()
	}
}

// claimPrinter prints a list of claims in one output format as they come.
type claimPrinter struct {
	format string
	w      io.Writer
	tw     *tabwriter.Writer
	arr    *jsonArray
}

func newClaimPrinter(w io.Writer, format string) *claimPrinter {
	p := &claimPrinter{format: format, w: w}
	switch format {
	case "table":
		p.tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(p.tw, "ID\tKIND\tSTATUS\tFLAG\tVOTES C/D/U\tVERSION\tTEXT")
	case "json":
		p.arr = &jsonArray{w: w}
	}
	return p
}

func (p *claimPrinter) add(c *pb.Claim) error {
	switch p.format {
	case "table":
		flag := ""
		if c.GetFlagged() {
			flag = "!"
		}
		t := c.GetTallies()
		_, err := fmt.Fprintf(p.tw, "%s\t%s\t%s\t%s\t%d/%d/%d\t%d\t%s\n", c.GetId(), kindName(c.GetKind()), statusName(c.GetStatus()),
			flag, t.GetConfirm(), t.GetDispute(), t.GetUnverifiable(), c.GetVersion(), clip(c.GetText(), 60))
		return err
	case "json":
		return p.arr.add(c)
	case "jsonl":
		return writeJSONL(p.w, c)
	default: // id
		_, err := fmt.Fprintln(p.w, c.GetId())
		return err
	}
}

func (p *claimPrinter) end() error {
	switch p.format {
	case "table":
		return p.tw.Flush()
	case "json":
		return p.arr.close()
	}
	return nil
}

func runClaimsShow(e *env, args []string) error {
	fs := e.flags("claims show", "claims show ID [-o table|json|jsonl]",
		"Shows a claim's verification view: the claim highlighted in its sentence, its normalized value,\n"+
			"the consistency checks, the live votes with their evidence, and the timeline of its events\n"+
			"(the timeline needs the auditor or admin role; other roles see the rest).",
		"claimctl claims show 3f2a9c0d1e4b5a69-02")
	out := output(fs, "table", "json", "jsonl")
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	ctx, cancel := e.call()
	defer cancel()
	res, err := pb.NewClaimServiceClient(conn).GetClaim(ctx, &pb.GetClaimRequest{Id: pos[0]})
	if err != nil {
		return err
	}
	c := res.GetClaim()
	switch out.value {
	case "json":
		return writeJSON(e.stdout, c)
	case "jsonl":
		return writeJSONL(e.stdout, c)
	}
	hist, err := pb.NewLedgerServiceClient(conn).GetClaimHistory(ctx, &pb.GetClaimHistoryRequest{ClaimId: c.GetId()})
	if status.Code(err) == codes.PermissionDenied {
		hist, err = nil, nil
	}
	if err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	return showClaim(e.stdout, c, hist, isTerminal(e.stdout))
}

// showClaim writes the verification view a reviewer reads before voting.
func showClaim(w io.Writer, c *pb.Claim, hist *pb.GetClaimHistoryResponse, tty bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", k, v)
		}
	}
	row("Claim", c.GetId())
	row("Article", strings.TrimSpace(c.GetArticleId()+"  "+clip(c.GetArticleTitle(), 80)))
	row("URL", c.GetArticleUrl())
	row("Published", c.GetArticlePublished())
	row("Kind", kindName(c.GetKind()))
	row("Source", source(c))
	row("Status", fmt.Sprintf("%s  (version %d, updated %s)", statusName(c.GetStatus()), c.GetVersion(), when(c.GetUpdatedAt())))
	row("Reason", c.GetStatusReason())
	flagged := "no"
	if c.GetFlagged() {
		flagged = "YES: a consistency check failed"
	}
	row("Flagged", flagged)
	row("Speaker", c.GetSpeaker())
	row("Text", c.GetText())
	row("Sentence", highlight(c.GetSentence(), c.GetText(), tty))
	norm, err := export.NormalizedJSON(c)
	if err != nil {
		return err
	}
	row("Normalized", norm)
	row("Linked", strings.Join(c.GetLinkedClaimIds(), ", "))
	row("Elsewhere", verdictsElsewhere(c))
	row("Matches", matchesLine(c))
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(w, "\nCHECKS (%d)\n", len(c.GetChecks()))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, ch := range c.GetChecks() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", resultName(ch.GetResult()), ch.GetName(), ch.GetDetail())
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	t := c.GetTallies()
	fmt.Fprintf(w, "\nVOTES (confirm %d, dispute %d, unverifiable %d)\n", t.GetConfirm(), t.GetDispute(), t.GetUnverifiable())
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, v := range c.GetVotes() {
		verdict := verdictName(v.GetVerdict())
		if v.GetReason() != pb.DisputeReason_DISPUTE_REASON_UNSPECIFIED {
			verdict += " (" + reasonName(v.GetReason()) + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", v.GetReviewer(), verdict, when(v.GetSubmittedAt()))
		if v.GetCorrectedValue() != "" {
			fmt.Fprintf(tw, "  \tcorrected: %q\n", v.GetCorrectedValue())
		}
		if v.GetNote() != "" {
			fmt.Fprintf(tw, "  \tnote: %s\n", clip(v.GetNote(), 200))
		}
		for _, u := range v.GetEvidenceUrls() {
			fmt.Fprintf(tw, "  \tevidence: %s\n", u)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if hist == nil {
		_, err := fmt.Fprintln(w, "\nTIMELINE: needs the auditor or admin role")
		return err
	}
	fmt.Fprintf(w, "\nTIMELINE (%d events)\n", len(hist.GetEvents()))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, ev := range hist.GetEvents() {
		fmt.Fprintf(tw, "  %d\tv%d\t%s\t%s\t%s\n", ev.GetPosition(), ev.GetVersion(), when(ev.GetRecordedAt()), ev.GetType(), ev.GetActor())
	}
	return tw.Flush()
}

// source says who found the claim and who changed it since.
func source(c *pb.Claim) string {
	s := "extractor " + c.GetExtractorVersion()
	if c.GetOrigin() == pb.ClaimOrigin_CLAIM_ORIGIN_ADDED {
		s = "added by " + c.GetAddedBy()
	}
	if n := c.GetCorrections(); n > 0 {
		s += fmt.Sprintf("; corrected %d time(s), first recorded as %s", n, kindName(c.GetExtractedKind()))
	}
	if d := c.GetDismissCode(); d != pb.DismissCode_DISMISS_CODE_UNSPECIFIED {
		s += "; dismissed as " + strings.ToLower(strings.TrimPrefix(d.String(), "DISMISS_CODE_"))
	}
	return s
}

// highlight marks the claim inside its sentence: bold and underlined on a
// terminal, between «guillemets» otherwise, so piped output stays plain
// text. The claim's offsets index into the article, not the sentence, so
// the claim's text is searched for in the sentence.
func highlight(sentence, text string, tty bool) string {
	sentence = oneLine(sentence)
	text = oneLine(text)
	i := strings.Index(sentence, text)
	if sentence == "" || text == "" || i < 0 {
		return sentence
	}
	open, close := "«", "»"
	if tty {
		open, close = "\x1b[1;4m", "\x1b[0m"
	}
	return sentence[:i] + open + text + close + sentence[i+len(text):]
}

// oneLine folds runs of white space (newlines within a sentence) to one
// space, so the view keeps its layout.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// verdictsElsewhere lists where the linked claims stand.
func verdictsElsewhere(c *pb.Claim) string {
	var out []string
	for _, l := range c.GetLinkedVerdicts() {
		out = append(out, l.GetClaimId()+" "+statusName(l.GetStatus()))
	}
	return strings.Join(out, ", ")
}

// matchesLine sums up the suggested matches; claims matches lists them.
func matchesLine(c *pb.Claim) string {
	var out []string
	for _, m := range c.GetMatches() {
		out = append(out, fmt.Sprintf("%s %s %.2f", m.GetOtherClaimId(), matchStateName(m.GetState()), m.GetScore()))
	}
	return strings.Join(out, ", ")
}
