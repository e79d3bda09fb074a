package claim

// Policy turns the live votes on a claim into a status. It is configuration
// (claimsd's flags), passed into every decision that counts votes, so that
// changing it never rewrites history: past status changes stay as recorded.
type Policy struct {
	// Quorum is how many agreeing live votes decide a claim.
	Quorum int
}

// MaxQuorum keeps a typo in a flag from making every claim undecidable.
const MaxQuorum = 100

// DefaultPolicy is the design's default: one vote decides, and any
// disagreement is left to an editor.
func DefaultPolicy() Policy { return Policy{Quorum: 1} }

// Validate reports a quorum outside 1..MaxQuorum. claimsd should call it at
// start-up; the decide functions check again, so a bad policy can never
// decide a claim.
func (p Policy) Validate() error {
	if p.Quorum < 1 || p.Quorum > MaxQuorum {
		return invalid("policy.quorum", "%d is outside 1..%d", p.Quorum, MaxQuorum)
	}
	return nil
}

// Outcome is the status the live votes call for:
//
//   - no live votes: under_review. A claim is extracted only until its first
//     vote; once reviewed (or reopened) it never looks untouched again, even
//     if every vote is retracted.
//   - two different verdicts among them: contested.
//   - all agree and there are at least Quorum of them: the verdict's final
//     status.
//   - otherwise (agreeing, but too few): under_review.
//
// One live vote per reviewer is the claim's invariant, so the count is a
// count of reviewers.
func (p Policy) Outcome(live []Vote) Status {
	if len(live) == 0 {
		return StatusUnderReview
	}
	first := live[0].Verdict
	for _, v := range live[1:] {
		if v.Verdict != first {
			return StatusContested
		}
	}
	if len(live) >= p.Quorum {
		return first.Status()
	}
	return StatusUnderReview
}
