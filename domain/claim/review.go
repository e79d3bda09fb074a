package claim

import "slices"

// SubmitReview records v as reviewer v.Reviewer's live vote and moves the
// claim to the status p makes of the live votes, if that differs.
//
// Votes are taken while the claim is extracted, under review or contested. A
// final claim must be reopened first, so nobody changes a decided claim by
// voting on it. A reviewer who already has a live vote gets ErrAlreadyVoted:
// changing a vote is a retraction and a new vote, both in the log.
//
// A contested claim stays contested whatever votes arrive: more votes cannot
// remove a disagreement, only a retraction or an editor's settlement can.
func (c *Claim) SubmitReview(v Vote, p Policy) ([]any, error) {
	const op = "submit review"
	v = v.canonical()
	if err := p.Validate(); err != nil {
		return nil, c.fail(op, err)
	}
	if err := v.Validate(); err != nil {
		return nil, c.fail(op, err)
	}
	if err := c.illegal(op, StatusExtracted, StatusUnderReview, StatusContested); err != nil {
		return nil, c.fail(op, err)
	}
	if _, ok := c.votes[v.Reviewer]; ok {
		return nil, c.fail(op, alreadyVoted(v.Reviewer))
	}
	events := []any{ReviewSubmitted{Vote: v}}
	next := p.Outcome(append(c.Votes(), v))
	if c.status == StatusContested {
		next = StatusContested
	}
	if next != c.status {
		events = append(events, StatusChanged{From: c.status, To: next, Cause: CauseVote, By: v.Reviewer})
	}
	return events, nil
}

// RetractReview removes reviewer's live vote and re-evaluates the status
// under p.
//
// Retraction is allowed under review and contested; a final claim is
// reopened first (reopening clears every vote anyway). A contested claim
// whose disagreement disappears with the retraction goes to whatever p makes
// of the remaining votes, which may be final: contested means "the live
// votes disagree", and an editor is only needed while they do.
func (c *Claim) RetractReview(reviewer, reason string, p Policy) ([]any, error) {
	const op = "retract review"
	if err := p.Validate(); err != nil {
		return nil, c.fail(op, err)
	}
	if err := checkID("reviewer", reviewer); err != nil {
		return nil, c.fail(op, err)
	}
	if err := checkText("reason", reason, MaxNoteBytes, false); err != nil {
		return nil, c.fail(op, err)
	}
	if err := c.illegal(op, StatusUnderReview, StatusContested); err != nil {
		return nil, c.fail(op, err)
	}
	if _, ok := c.votes[reviewer]; !ok {
		return nil, c.fail(op, noVote(reviewer))
	}
	events := []any{ReviewRetracted{Reviewer: reviewer, Reason: reason}}
	live := slices.DeleteFunc(c.Votes(), func(v Vote) bool { return v.Reviewer == reviewer })
	if next := p.Outcome(live); next != c.status {
		events = append(events, StatusChanged{From: c.status, To: next, Cause: CauseRetraction, By: reviewer, Note: reason})
	}
	return events, nil
}
