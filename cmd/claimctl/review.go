package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/protobuf/proto"
)

// mutation holds the flags every write takes.
type mutation struct {
	requestID string
	expected  versionFlag
	out       *outputFlag
}

// versionFlag is an optional --expected-version: unset means "whatever the
// current version is".
type versionFlag struct{ v *uint64 }

func (f *versionFlag) String() string {
	if f.v == nil {
		return ""
	}
	return strconv.FormatUint(*f.v, 10)
}

func (f *versionFlag) Set(s string) error {
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return fmt.Errorf("not a version number: %q", s)
	}
	f.v = &v
	return nil
}

func (m *mutation) register(fs *flag.FlagSet) {
	m.registerNew(fs)
	fs.Var(&m.expected, "expected-version", "apply only if the claim is at this version (else exit 8)")
}

// registerNew registers the flags of a write that creates a claim, which
// has no version to expect yet.
func (m *mutation) registerNew(fs *flag.FlagSet) {
	fs.StringVar(&m.requestID, "request-id", "", "idempotency key; reuse it to retry safely (default: a random one)")
	m.out = output(fs, "table", "json", "jsonl", "id")
}

// id is the call's request id: the user's, or a fresh random one, so that
// a call is never confused with another.
func (m *mutation) id() string {
	if m.requestID != "" {
		return m.requestID
	}
	return newRequestID()
}

func newRequestID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand panics instead)
	return "claimctl-" + hex.EncodeToString(b[:])
}

// claimResult is what every claim mutation returns.
type claimResult interface {
	proto.Message
	GetClaim() *pb.Claim
	GetPosition() uint64
	GetVersion() uint64
}

// printClaimResult prints the updated claim: id, status, version and the
// ledger position (pass it to reads to see the write).
// mutate makes one ClaimService call and prints the claim it answers with.
func (e *env) mutate(m *mutation, call func(context.Context, pb.ClaimServiceClient) (claimResult, error)) error {
	conn, err := e.client()
	if err != nil {
		return err
	}
	ctx, cancel := e.call()
	defer cancel()
	res, err := call(ctx, pb.NewClaimServiceClient(conn))
	if err != nil {
		return err
	}
	return e.printClaimResult(m.out.value, res)
}

func (e *env) printClaimResult(format string, res claimResult) error {
	switch format {
	case "json":
		return writeJSON(e.stdout, res)
	case "jsonl":
		return writeJSONL(e.stdout, res)
	case "id":
		_, err := fmt.Fprintln(e.stdout, res.GetClaim().GetId())
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tVERSION\tPOSITION\tVOTES C/D/U")
	c, t := res.GetClaim(), res.GetClaim().GetTallies()
	fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d/%d/%d\n", c.GetId(), statusName(c.GetStatus()), res.GetVersion(), res.GetPosition(),
		t.GetConfirm(), t.GetDispute(), t.GetUnverifiable())
	return tw.Flush()
}

// stringsFlag is a repeatable flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return fmt.Sprint([]string(*s)) }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

func runConfirm(e *env, args []string) error {
	return e.vote(args, pb.Verdict_VERDICT_CONFIRM, "confirm", "Votes that the claim is correct as stated.",
		"claimctl confirm 3f2a9c0d1e4b5a69-02 --evidence https://stats.example/2026/q1 --note 'matches table 3'")
}

func runUnverifiable(e *env, args []string) error {
	return e.vote(args, pb.Verdict_VERDICT_UNVERIFIABLE, "unverifiable", "Votes that the claim cannot be checked against available evidence.",
		"claimctl unverifiable 3f2a9c0d1e4b5a69-04 --note 'no public source for the figure'")
}

func runDispute(e *env, args []string) error {
	return e.vote(args, pb.Verdict_VERDICT_DISPUTE, "dispute", "Votes that the claim is wrong, with a reason code:\n"+
		"wrong_value, wrong_unit_or_currency, wrong_date, misattributed, out_of_context, internally_inconsistent, conflicting_evidence.",
		"claimctl dispute 3f2a9c0d1e4b5a69-03 --reason wrong_value --corrected '1.9 billion' --evidence https://budget.example/2026")
}

// vote submits one review. A quorum of agreeing votes decides the claim;
// the printed status says whether this vote did.
func (e *env) vote(args []string, verdict pb.Verdict, name, about, example string) error {
	synopsis := name + " ID [--evidence URL]... [--note TEXT] [--request-id R] [--expected-version V] [-o table|json|jsonl|id]"
	if verdict == pb.Verdict_VERDICT_DISPUTE {
		synopsis = name + " ID --reason CODE [--corrected VALUE] [--evidence URL]... [--note TEXT] [--request-id R] [--expected-version V]"
	}
	fs := e.flags(name, synopsis, about, example)
	var m mutation
	m.register(fs)
	var evidence stringsFlag
	fs.Var(&evidence, "evidence", "evidence URL, absolute http(s); repeatable")
	note := fs.String("note", "", "note for other reviewers and editors")
	var reason, corrected *string
	if verdict == pb.Verdict_VERDICT_DISPUTE {
		reason = fs.String("reason", "", "reason code (required)")
		corrected = fs.String("corrected", "", "what the claim should have said")
	}
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	req := &pb.SubmitReviewRequest{RequestId: m.id(), ClaimId: pos[0], ExpectedVersion: m.expected.v,
		Verdict: verdict, EvidenceUrls: evidence, Note: *note}
	if reason != nil {
		if *reason == "" {
			return usagef("--reason is required")
		}
		v, err := parseEnum("reason", *reason, "DISPUTE_REASON_", pb.DisputeReason_value)
		if err != nil {
			return err
		}
		req.Reason, req.CorrectedValue = pb.DisputeReason(v), *corrected
	}
	return e.mutate(&m, func(ctx context.Context, c pb.ClaimServiceClient) (claimResult, error) {
		return c.SubmitReview(ctx, req)
	})
}

func runRetract(e *env, args []string) error {
	fs := e.flags("retract", "retract ID [--reason TEXT] [--request-id R] [--expected-version V] [-o table|json|jsonl|id]",
		"Withdraws your live vote on a claim that is under review or contested; vote again to change it.",
		"claimctl retract 3f2a9c0d1e4b5a69-02 --reason 'misread the table'")
	var m mutation
	m.register(fs)
	reason := fs.String("reason", "", "why the vote is withdrawn")
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	return e.mutate(&m, func(ctx context.Context, c pb.ClaimServiceClient) (claimResult, error) {
		return c.RetractReview(ctx, &pb.RetractReviewRequest{RequestId: m.id(), ClaimId: pos[0],
			ExpectedVersion: m.expected.v, Reason: *reason})
	})
}

func runReopen(e *env, args []string) error {
	fs := e.flags("reopen", "reopen ID --reason TEXT [--request-id R] [--expected-version V] [-o table|json|jsonl|id]",
		"Editor: moves a confirmed, disputed, unverifiable or dismissed claim back to review; its live votes are cleared.",
		"claimctl reopen 3f2a9c0d1e4b5a69-02 --reason 'the agency revised the figure'")
	var m mutation
	m.register(fs)
	reason := fs.String("reason", "", "why the claim needs another look (required)")
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *reason == "" {
		return usagef("--reason is required")
	}
	return e.mutate(&m, func(ctx context.Context, c pb.ClaimServiceClient) (claimResult, error) {
		return c.ReopenClaim(ctx, &pb.ReopenClaimRequest{RequestId: m.id(), ClaimId: pos[0],
			ExpectedVersion: m.expected.v, Reason: *reason})
	})
}

func runDismiss(e *env, args []string) error {
	fs := e.flags("dismiss", "dismiss ID --reason TEXT [--reason-code not_a_claim|duplicate|other] [--request-id R] [--expected-version V] [-o table|json|jsonl|id]",
		"Editor: takes a claim out of review. --reason-code not_a_claim says the extractor was wrong to find it\n"+
			"(counted by 'claimctl stats extraction'); duplicate, another claim of the article says it; other, anything else.",
		"claimctl dismiss 3f2a9c0d1e4b5a69-05 --reason-code not_a_claim --reason 'a street number, not a claim'")
	var m mutation
	m.register(fs)
	reason := fs.String("reason", "", "why, free text (required)")
	code := fs.String("reason-code", "", "not_a_claim, duplicate or other (default: none)")
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *reason == "" {
		return usagef("--reason is required")
	}
	req := &pb.DismissClaimRequest{RequestId: m.id(), ClaimId: pos[0], ExpectedVersion: m.expected.v, Reason: *reason}
	if *code != "" {
		v, err := parseEnum("reason-code", *code, "DISMISS_CODE_", pb.DismissCode_value)
		if err != nil {
			return err
		}
		req.ReasonCode = pb.DismissCode(v)
	}
	return e.mutate(&m, func(ctx context.Context, c pb.ClaimServiceClient) (claimResult, error) {
		return c.DismissClaim(ctx, req)
	})
}

func runSettle(e *env, args []string) error {
	fs := e.flags("settle", "settle ID --verdict confirm|dispute|unverifiable [--note TEXT] [--request-id R] [--expected-version V] [-o table|json|jsonl|id]",
		"Editor: decides a contested claim; the verdict sets its status to confirmed, disputed or unverifiable.",
		"claimctl settle 3f2a9c0d1e4b5a69-03 --verdict dispute --note 'the ministry's own table says 1.9'")
	var m mutation
	m.register(fs)
	verdict := fs.String("verdict", "", "confirm, dispute or unverifiable (required)")
	note := fs.String("note", "", "justification, recorded as the status reason")
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *verdict == "" {
		return usagef("--verdict is required")
	}
	v, err := parseEnum("verdict", *verdict, "VERDICT_", pb.Verdict_value)
	if err != nil {
		return err
	}
	return e.mutate(&m, func(ctx context.Context, c pb.ClaimServiceClient) (claimResult, error) {
		return c.SettleClaim(ctx, &pb.SettleClaimRequest{RequestId: m.id(), ClaimId: pos[0],
			ExpectedVersion: m.expected.v, Verdict: pb.Verdict(v), Note: *note})
	})
}
