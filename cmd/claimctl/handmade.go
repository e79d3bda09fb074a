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

func runClaimsAdd(e *env, args []string) error {
	fs := e.flags("claims add", "claims add ARTICLE --kind KIND (--text TEXT | --start N --end M) [--note TEXT] [--request-id R] [-o table|json|jsonl|id]",
		"Adds a claim the extractor missed. The span is the claim's exact text, found in the article (it must\n"+
			"occur once: otherwise the error lists where, to pick with --start/--end), or UTF-8 byte offsets into\n"+
			"the file as ingested (headline line included, as 'claimctl extract' prints them), or both, which must agree.\n"+
			"The same span and kind as a live claim of the article exits 5.",
		"claimctl claims add 3f2a9c0d1e4b5a69 --kind event --text 'The council approved the plan'")
	var m mutation
	m.register(fs)
	kind := fs.String("kind", "", "the claim's kind: money, percentage, count, event, prediction, ... (required)")
	note := fs.String("note", "", "why it is a claim")
	var s spanFlags
	s.register(fs)
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *kind == "" {
		return usagef("--kind is required")
	}
	if *s.text == "" && s.start.v == nil {
		return usagef("give --text, or --start and --end")
	}
	if err := s.check(); err != nil {
		return err
	}
	k, err := parseEnum("kind", *kind, "CLAIM_KIND_", pb.ClaimKind_value)
	if err != nil {
		return err
	}
	return e.mutate(&m, func(ctx context.Context, c pb.ClaimServiceClient) (claimResult, error) {
		return c.AddClaim(ctx, &pb.AddClaimRequest{RequestId: m.id(), ArticleId: pos[0], Kind: pb.ClaimKind(k),
			Text: *s.text, Start: s.start.v, End: s.end.v, Note: *note})
	})
}

func runClaimsCorrect(e *env, args []string) error {
	fs := e.flags("claims correct", "claims correct ID [--kind KIND] [--text TEXT | --start N --end M] [--note TEXT] [--request-id R] [--expected-version V] [-o table|json|jsonl|id]",
		"Editor: corrects a claim's kind, its span, or both; what is not given stays. The span is given as for\n"+
			"'claims add'. Votes stay; a dismissed claim is reopened first.",
		"claimctl claims correct 3f2a9c0d1e4b5a69-04 --kind comparison --text 'up from 5.2% a year earlier'")
	var m mutation
	m.register(fs)
	kind := fs.String("kind", "", "the right kind")
	note := fs.String("note", "", "why")
	var s spanFlags
	s.register(fs)
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	if *kind == "" && *s.text == "" && s.start.v == nil {
		return usagef("give --kind, a span (--text or --start/--end), or both")
	}
	req := &pb.CorrectClaimRequest{RequestId: m.id(), ClaimId: pos[0], ExpectedVersion: m.expected.v,
		Text: *s.text, Start: s.start.v, End: s.end.v, Note: *note}
	if *kind != "" {
		k, err := parseEnum("kind", *kind, "CLAIM_KIND_", pb.ClaimKind_value)
		if err != nil {
			return err
		}
		req.Kind = pb.ClaimKind(k)
	}
	return e.mutate(&m, func(ctx context.Context, c pb.ClaimServiceClient) (claimResult, error) {
		return c.CorrectClaim(ctx, req)
	})
}
