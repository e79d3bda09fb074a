package claim

import (
	"reflect"
	"slices"
)

// Apply folds one event into the claim. It is the only code that changes a
// claim: decide functions return events, the app appends them, then applies
// them, and FromHistory applies a whole stream, so state can never drift
// between a live claim and a rehydrated one.
//
// Apply checks that the event fits (Extracted first and only first, no
// second live vote for a reviewer, a status change from the current status)
// and returns an ErrHistory otherwise, leaving the claim unchanged. It does
// not re-check workflow rules: events record what was decided under the
// rules of their time.
func (c *Claim) Apply(e any) error {
	e = deref(e)
	if opening := isOpening(e); opening != (c.version == 0) {
		if opening {
			return historyError(e, "the stream is already open at version %d", c.version)
		}
		return historyError(e, "before claim.extracted")
	}
	switch e := e.(type) {
	case Extracted:
		c.applyExtracted(e)
	case Added:
		c.applyExtracted(Extracted{ClaimID: e.ClaimID, ArticleID: e.ArticleID, Kind: e.Kind, Text: e.Text,
			Part: e.Part, Start: e.Start, End: e.End, Sentence: e.Sentence})
		c.origin, c.extractor, c.addedBy = OriginAdded, "", e.By
	case Corrected:
		if e.FromKind != e.Kind && !slices.Contains(c.formerKinds, e.FromKind) {
			c.formerKinds = append(slices.Clip(c.formerKinds), e.FromKind)
		}
		c.kind, c.text, c.part, c.start, c.end, c.sentence = e.Kind, e.Text, e.Part, e.Start, e.End, e.Sentence
		c.normalized, _ = deepCopy(e.Normalized).(map[string]any)
		if e.ExtractorVersion == "" { // a re-extraction is no one's review
			c.corrections++
		}
	case Flagged:
		c.flagged = true
	case ReviewSubmitted:
		if _, ok := c.votes[e.Vote.Reviewer]; ok {
			return historyError(e, "second live vote from %s", e.Vote.Reviewer)
		}
		c.votes[e.Vote.Reviewer] = e.Vote.canonical()
		c.everVoted = true
	case ReviewRetracted:
		if _, ok := c.votes[e.Reviewer]; !ok {
			return historyError(e, "%s has no live vote", e.Reviewer)
		}
		delete(c.votes, e.Reviewer)
	case StatusChanged:
		if e.From != c.status {
			return historyError(e, "from %s, but the claim is %s", e.From, c.status)
		}
		if !e.To.Valid() {
			return historyError(e, "to unknown status %q", e.To)
		}
		c.status = e.To
	case Reopened:
		// A new round: the reviewers of the last one look again from scratch.
		c.votes = map[string]Vote{}
		c.round++
	case Dismissed:
		// The StatusChanged that follows moves the claim.
		c.dismissCode = e.Code
	case Settled:
		// A reason; the StatusChanged that follows moves the claim.
	case Linked:
		if _, ok := c.links[e.OtherClaimID]; ok {
			return historyError(e, "already linked to %s", e.OtherClaimID)
		}
		c.links[e.OtherClaimID] = e
		if m, ok := c.matches[e.OtherClaimID]; ok {
			m.State = MatchAccepted
			c.matches[e.OtherClaimID] = m
		}
	case MatchSuggested:
		c.applySuggested(e)
	case MatchRejected:
		m, ok := c.matches[e.OtherClaimID]
		if !ok || m.State != MatchPending {
			return historyError(e, "no pending suggestion of %s", e.OtherClaimID)
		}
		m.State = MatchRejectedState
		c.matches[e.OtherClaimID] = m
	default:
		return historyError(e, "not a claim event")
	}
	c.version++
	return nil
}

func (c *Claim) applyExtracted(e Extracted) {
	c.id, c.articleID, c.kind, c.text, c.part = e.ClaimID, e.ArticleID, e.Kind, e.Text, e.Part
	c.start, c.end, c.sentence, c.speaker = e.Start, e.End, e.Sentence, e.Speaker
	c.normalized, _ = deepCopy(e.Normalized).(map[string]any)
	c.checks = slices.Clone(e.Checks)
	c.status = StatusExtracted
	c.round = 1
	c.votes = map[string]Vote{}
	c.links = map[ID]Linked{}
	c.matches = map[ID]Match{}
	c.origin, c.extractor = OriginExtracted, e.ExtractorVersion
	if c.extractor == "" {
		c.extractor = UnknownExtractor
	}
}

func isOpening(e any) bool {
	switch e.(type) {
	case Extracted, Added:
		return true
	}
	return false
}

// deref accepts *Extracted as well as Extracted: the event registry decodes
// into pointers, decide functions return values.
func deref(e any) any {
	v := reflect.ValueOf(e)
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		return v.Elem().Interface()
	}
	return e
}
