package app

import (
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/extract"
)

// ReextractChange is one thing a re-extraction records (or, dry, would).
type ReextractChange struct {
	ArticleID string
	ClaimID   string
	Action    string // "add" or "correct"
	Kind      string
	Text      string
	Part      string
	Start     int
	End       int
	// What a correction replaces.
	FromKind, FromText string
	FromStart, FromEnd int
	found              extract.Claim
	target             *claim.Claim // the claim corrected; nil for an addition
}

// planReextract compares what the extractor finds now with the article's
// claims and keeps only what is new:
//
//   - a found claim is covered when a claim of its kind overlaps it; a
//     dismissed claim covers too, and so does a claim an editor corrected
//     away from that kind, so re-extraction never brings back what an
//     editor took out of review or said was another kind;
//   - a covering claim nobody has reviewed (claim.Reviewed), overlapped by
//     this found claim alone, takes the found span if it differs;
//   - an uncovered found claim that overlaps an unreviewed claim of another
//     kind, which the extractor no longer finds as that kind, changes that
//     claim's kind (and span);
//   - any other uncovered found claim is added.
//
// After recording the plan every found claim has a live claim of its kind
// and span, so planning again finds nothing: re-extraction is idempotent.
func planReextract(as *articleState, found []extract.Claim) []ReextractChange {
	claims := as.claims
	used := map[claim.ID]bool{}
	var out []ReextractChange
	var uncovered []extract.Claim
	for _, f := range found {
		var same []*claim.Claim
		exact := false
		for _, cl := range claims {
			if (cl.Kind() == string(f.Kind) || cl.WasKind(string(f.Kind))) && overlaps(cl, f) {
				same = append(same, cl)
				exact = exact || sameSpan(cl, f)
			}
		}
		switch {
		case exact:
		case len(same) == 1 && !same[0].Reviewed() && !used[same[0].ID()] && foundOver(found, same[0], same[0].Kind()) == 1:
			used[same[0].ID()] = true
			out = append(out, correction(as, same[0], f))
		case len(same) == 0:
			uncovered = append(uncovered, f)
		}
	}
	var added []extract.Claim
next:
	for _, f := range uncovered {
		for _, a := range added {
			if a.Kind == f.Kind && a.Part == f.Part && a.Start == f.Start && a.End == f.End {
				continue next
			}
		}
		for _, cl := range claims {
			if !cl.Reviewed() && !used[cl.ID()] && overlaps(cl, f) && foundOver(found, cl, cl.Kind()) == 0 {
				used[cl.ID()] = true
				out = append(out, correction(as, cl, f))
				continue next
			}
		}
		added = append(added, f)
		out = append(out, ReextractChange{ArticleID: as.article.ID(), ClaimID: claimID(as.article.ID(), len(as.claims)+len(added)-1),
			Action: "add", Kind: string(f.Kind),
			Text: f.Text, Part: string(f.Part), Start: f.Start, End: f.End, found: f})
	}
	return out
}

func correction(as *articleState, cl *claim.Claim, f extract.Claim) ReextractChange {
	start, end := cl.Span()
	return ReextractChange{ArticleID: as.article.ID(), ClaimID: string(cl.ID()), Action: "correct",
		Kind: string(f.Kind), Text: f.Text, Part: string(f.Part), Start: f.Start, End: f.End,
		FromKind: cl.Kind(), FromText: cl.Text(), FromStart: start, FromEnd: end, found: f, target: cl}
}

// foundOver counts the found claims of kind that overlap cl.
func foundOver(found []extract.Claim, cl *claim.Claim, kind string) int {
	n := 0
	for _, f := range found {
		if string(f.Kind) == kind && overlaps(cl, f) {
			n++
		}
	}
	return n
}

func overlaps(cl *claim.Claim, f extract.Claim) bool {
	start, end := cl.Span()
	return cl.Part() == string(f.Part) && start < f.End && f.Start < end
}

func sameSpan(cl *claim.Claim, f extract.Claim) bool {
	start, end := cl.Span()
	return cl.Part() == string(f.Part) && start == f.Start && end == f.End
}
