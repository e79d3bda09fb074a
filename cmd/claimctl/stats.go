package main

import (
	"fmt"
	"text/tabwriter"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

func runStatsExtraction(e *env, args []string) error {
	fs := e.flags("stats extraction", "stats extraction [-o table|json]",
		"What the desk's reviews say of the extractor, per extractor version and kind:\n"+
			"  EXTRACTED   claims it found\n"+
			"  NOT_CLAIM   of those, dismissed with --reason-code not_a_claim (false positives)\n"+
			"  CORRECTED   of those, corrected by an editor (kind or span)\n"+
			"  ADDED       claims reviewers added by hand to articles it extracted (misses)\n"+
			"  PRECISION   1 - NOT_CLAIM/EXTRACTED\n"+
			"  RECALL      kept/(kept+ADDED), kept = EXTRACTED-NOT_CLAIM: an upper bound, only noticed misses count\n"+
			"Unreviewed claims count as kept, so both are the desk's running estimate, not a measurement.",
		"claimctl stats extraction")
	out := output(fs, "table", "json")
	if _, err := e.parse(fs, args, 0, 0); err != nil {
		return err
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	ctx, cancel := e.call()
	defer cancel()
	res, err := pb.NewClaimServiceClient(conn).GetExtractionStats(ctx, &pb.GetExtractionStatsRequest{})
	if err != nil {
		return err
	}
	if out.value == "json" {
		return writeJSON(e.stdout, res)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "VERSION\tKIND\tEXTRACTED\tNOT_CLAIM\tCORRECTED\tADDED\tPRECISION\tRECALL\t")
	for _, s := range res.GetStats() {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t\n", s.GetExtractorVersion(), kindName(s.GetKind()), s.GetExtracted(),
			s.GetDismissedNotAClaim(), s.GetCorrected(), s.GetAdded(), ratio(s.Precision), ratio(s.Recall))
	}
	return tw.Flush()
}

func ratio(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.2f", *v)
}
