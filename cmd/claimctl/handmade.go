package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// offsetFlag is an optional byte offset: unset is not zero.
type offsetFlag struct{ v *uint32 }

func (f *offsetFlag) String() string {
	if f.v == nil {
		return ""
	}
	return strconv.FormatUint(uint64(*f.v), 10)
}

func (f *offsetFlag) Set(s string) error {
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return fmt.Errorf("not a byte offset: %q", s)
	}
	u := uint32(v)
	f.v = &u
	return nil
}

// spanFlags are how a claim's span is given: its text, byte offsets into
// the article's text (the file as ingested: headline, line break, body), or
// both.
type spanFlags struct {
	text       *string
	start, end offsetFlag
}

func (s *spanFlags) register(fs *flag.FlagSet) {
	s.text = fs.String("text", "", "the claim's exact text; alone, it must occur once in the article")
	fs.Var(&s.start, "start", "UTF-8 byte offset of the span's start in the file as ingested (with --end)")
	fs.Var(&s.end, "end", "UTF-8 byte offset one past the span's end (with --start)")
}

func (s *spanFlags) check() error {
	if (s.start.v == nil) != (s.end.v == nil) {
		return usagef("--start and --end go together")
	}
	return nil
}

// claimEdit is what adding and correcting a claim share: the mutation
// flags, a kind, a note and a span.
type claimEdit struct {
	m          mutation
	kind, note *string
	span       spanFlags
}

func (c *claimEdit) register(fs *flag.FlagSet, existing bool, kindUsage, noteUsage string) {
	if existing {
		c.m.register(fs)
	} else {
		c.m.registerNew(fs)
	}
	c.kind = fs.String("kind", "", kindUsage)
	c.note = fs.String("note", "", noteUsage)
	c.span.register(fs)
}

// parse reads the one argument, checks the span flags and resolves --kind
// (unspecified when not given).
func (c *claimEdit) parse(e *env, fs *flag.FlagSet, args []string) (string, pb.ClaimKind, error) {
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return "", 0, err
	}
	if err := c.span.check(); err != nil {
		return "", 0, err
	}
	if *c.kind == "" {
		return pos[0], pb.ClaimKind_CLAIM_KIND_UNSPECIFIED, nil
	}
	k, err := parseEnum("kind", *c.kind, "CLAIM_KIND_", pb.ClaimKind_value)
	return pos[0], pb.ClaimKind(k), err
}

func (c *claimEdit) noSpan() bool { return *c.span.text == "" && c.span.start.v == nil }

func runClaimsAdd(e *env, args []string) error {
	fs := e.flags("claims add", "claims add ARTICLE --kind KIND (--text TEXT | --start N --end M) [--note TEXT] [--request-id R] [-o table|json|jsonl|id]",
		"Adds a claim the extractor missed. The span is the claim's exact text, found in the article (it must\n"+
			"occur once: otherwise the error lists where, to pick with --start/--end), or UTF-8 byte offsets into\n"+
			"the file as ingested (headline line included, as 'claimctl extract' prints them), or both, which must agree.\n"+
			"The same span and kind as a live claim of the article exits 5.",
		"claimctl claims add 3f2a9c0d1e4b5a69 --kind event --text 'The council approved the plan'")
	var c claimEdit
	c.register(fs, false, "the claim's kind: money, percentage, count, event, prediction, ... (required)", "why it is a claim")
	article, kind, err := c.parse(e, fs, args)
	switch {
	case err != nil:
		return err
	case kind == pb.ClaimKind_CLAIM_KIND_UNSPECIFIED:
		return usagef("--kind is required")
	case c.noSpan():
		return usagef("give --text, or --start and --end")
	}
	return e.mutate(&c.m, func(ctx context.Context, cl pb.ClaimServiceClient) (claimResult, error) {
		return cl.AddClaim(ctx, &pb.AddClaimRequest{RequestId: c.m.id(), ArticleId: article, Kind: kind,
			Text: *c.span.text, Start: c.span.start.v, End: c.span.end.v, Note: *c.note})
	})
}

func runClaimsCorrect(e *env, args []string) error {
	fs := e.flags("claims correct", "claims correct ID [--kind KIND] [--text TEXT | --start N --end M] [--note TEXT] [--request-id R] [--expected-version V] [-o table|json|jsonl|id]",
		"Editor: corrects a claim's kind, its span, or both; what is not given stays. The span is given as for\n"+
			"'claims add'. Votes stay; a dismissed claim is reopened first.",
		"claimctl claims correct 3f2a9c0d1e4b5a69-04 --kind comparison --text 'up from 5.2% a year earlier'")
	var c claimEdit
	c.register(fs, true, "the right kind", "why")
	id, kind, err := c.parse(e, fs, args)
	switch {
	case err != nil:
		return err
	case kind == pb.ClaimKind_CLAIM_KIND_UNSPECIFIED && c.noSpan():
		return usagef("give --kind, a span (--text or --start/--end), or both")
	}
	return e.mutate(&c.m, func(ctx context.Context, cl pb.ClaimServiceClient) (claimResult, error) {
		return cl.CorrectClaim(ctx, &pb.CorrectClaimRequest{RequestId: c.m.id(), ClaimId: id, ExpectedVersion: c.m.expected.v,
			Kind: kind, Text: *c.span.text, Start: c.span.start.v, End: c.span.end.v, Note: *c.note})
	})
}
