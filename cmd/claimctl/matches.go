package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

func runClaimsMatches(e *env, args []string) error {
	fs := e.flags("claims matches", "claims matches ID [-o table|json|jsonl|id]",
		"Lists the claims of other articles suggested as the same claim as ID when one of them was\n"+
			"ingested: score, state (suggested, accepted, rejected), the evidence, and how the two\n"+
			"contradict each other when they give one subject different values.",
		"claimctl claims matches 3f2a9c0d1e4b5a69-02")
	out := output(fs, "table", "json", "jsonl", "id")
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
	res, err := pb.NewClaimServiceClient(conn).ListClaimMatches(ctx, &pb.ListClaimMatchesRequest{ClaimId: pos[0]})
	if err != nil {
		return err
	}
	switch out.value {
	case "json":
		return writeJSON(e.stdout, res)
	case "jsonl":
		for _, m := range res.GetMatches() {
			if err := writeJSONL(e.stdout, m); err != nil {
				return err
			}
		}
		return nil
	case "id":
		for _, m := range res.GetMatches() {
			fmt.Fprintln(e.stdout, m.GetOtherClaimId())
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OTHER\tARTICLE\tSCORE\tSTATE\tSTATUS\tTEXT")
	for i, m := range res.GetMatches() {
		o := res.GetOthers()[i]
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%s\t%s\t%s\n", m.GetOtherClaimId(), m.GetOtherArticleId(), m.GetScore(),
			matchStateName(m.GetState()), statusName(o.GetStatus()), clip(o.GetText(), 50))
		// Under TEXT, as trailing cells, so they do not widen the columns.
		fmt.Fprintf(tw, "\t\t\t\t\tevidence: %s\n", strings.Join(m.GetEvidence(), "; "))
		if m.GetContradiction() != "" {
			fmt.Fprintf(tw, "\t\t\t\t\tCONTRADICTION: %s\n", m.GetContradiction())
		}
	}
	return tw.Flush()
}

func runClaimsAcceptMatch(e *env, args []string) error {
	return decideMatch(e, args, "accept-match", "Accepts the suggestion of OTHER as the same claim as ID: the two claims are linked both ways.",
		func(ctx context.Context, c pb.ClaimServiceClient, m *mutation, id, other, note string) (claimResult, error) {
			return c.AcceptMatch(ctx, &pb.AcceptMatchRequest{RequestId: m.id(), ClaimId: id, OtherClaimId: other,
				ExpectedVersion: m.expected.v, Note: note})
		})
}

func runClaimsRejectMatch(e *env, args []string) error {
	return decideMatch(e, args, "reject-match", "Rejects the suggestion of OTHER as the same claim as ID, on both claims: the pair is never suggested again.",
		func(ctx context.Context, c pb.ClaimServiceClient, m *mutation, id, other, note string) (claimResult, error) {
			return c.RejectMatch(ctx, &pb.RejectMatchRequest{RequestId: m.id(), ClaimId: id, OtherClaimId: other,
				ExpectedVersion: m.expected.v, Note: note})
		})
}

// decideMatch runs claims accept-match or reject-match.
func decideMatch(e *env, args []string, verb, doc string,
	call func(context.Context, pb.ClaimServiceClient, *mutation, string, string, string) (claimResult, error)) error {
	fs := e.flags("claims "+verb, "claims "+verb+" ID OTHER [--note TEXT] [--request-id R] [--expected-version V] [-o table|json|jsonl|id]",
		doc, "claimctl claims "+verb+" 3f2a9c0d1e4b5a69-02 9b1c2d3e4f5a6b7c-01 --note 'same package'")
	var m mutation
	m.register(fs)
	note := fs.String("note", "", "why, recorded with the decision")
	pos, err := e.parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	return e.mutate(&m, func(ctx context.Context, c pb.ClaimServiceClient) (claimResult, error) {
		return call(ctx, c, &m, pos[0], pos[1], *note)
	})
}

func matchStateName(s pb.MatchState) string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "MATCH_STATE_"))
}
