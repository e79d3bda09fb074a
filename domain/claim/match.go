package claim

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

// CheckCrossArticle is the check a suggested match fails when the other
// claim gives the same subject another value.
const CheckCrossArticle = "cross_article"

// MatchState is where a suggested match stands.
type MatchState string

const (
	MatchPending       MatchState = "suggested"
	MatchAccepted      MatchState = "accepted" // it became a link
	MatchRejectedState MatchState = "rejected" // never suggested again
)

// MatchSuggested records that another article's claim may be the same
// claim. It is recorded on both claims' streams, each naming the other, by
// the ingest that found it; Score and Evidence are domain/match's.
type MatchSuggested struct {
	OtherClaimID   ID       `json:"other_claim_id"`
	OtherArticleID string   `json:"other_article_id"`
	Score          float64  `json:"score"`
	Evidence       []string `json:"evidence"`
	// Contradiction says how the two disagree on one subject's value; when
	// set the claim fails the cross_article check and is flagged.
	Contradiction string `json:"contradiction,omitempty"`
}

// MatchRejected records a reviewer's no to a suggestion: the pair is never
// suggested again.
type MatchRejected struct {
	OtherClaimID ID     `json:"other_claim_id"`
	By           string `json:"by"`
	Note         string `json:"note,omitempty"`
}

// EventType returns the stored type name.
func (MatchSuggested) EventType() string { return TypeMatchSuggested }

// EventType returns the stored type name.
func (MatchRejected) EventType() string { return TypeMatchRejected }

// Match is a suggested match as the claim knows it.
type Match struct {
	OtherClaimID   ID         `json:"other_claim_id"`
	OtherArticleID string     `json:"other_article_id"`
	Score          float64    `json:"score"`
	Evidence       []string   `json:"evidence,omitempty"`
	Contradiction  string     `json:"contradiction,omitempty"`
	State          MatchState `json:"state"`
}

func (c *Claim) applySuggested(e MatchSuggested) {
	state := MatchPending
	if _, ok := c.links[e.OtherClaimID]; ok {
		state = MatchAccepted
	}
	c.matches[e.OtherClaimID] = Match{OtherClaimID: e.OtherClaimID, OtherArticleID: e.OtherArticleID,
		Score: e.Score, Evidence: slices.Clone(e.Evidence), Contradiction: e.Contradiction, State: state}
	if e.Contradiction != "" {
		c.checks = append(slices.Clip(c.checks), Check{Name: CheckCrossArticle, Result: CheckFail,
			Detail: fmt.Sprintf("claim %s of article %s: %s", e.OtherClaimID, e.OtherArticleID, e.Contradiction)})
		c.flagged = true
	}
}

// Matches are the claim's suggested matches, best score first.
func (c *Claim) Matches() []Match {
	out := make([]Match, 0, len(c.matches))
	for _, id := range slices.Sorted(maps.Keys(c.matches)) {
		m := c.matches[id]
		m.Evidence = slices.Clone(m.Evidence)
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b Match) int { return cmp.Compare(b.Score, a.Score) })
	return out
}

// MaxPendingSuggestions bounds the suggestions a claim holds undecided: a
// figure repeated in thousands of articles would otherwise give its first
// claims a suggestion from every later copy, a stream that grows with the
// ledger. Past it a claim takes only contradictions; the new copies still
// hold their side of the suggestion.
const MaxPendingSuggestions = 100

// SuggestMatch decides the suggestion of other as the same claim. A pair
// already suggested, linked or rejected is not suggested again, a dismissed
// claim takes no suggestions, and a claim holding MaxPendingSuggestions
// undecided takes no more but contradictions: all decide nothing, without
// error, since matching runs on every ingest.
func (c *Claim) SuggestMatch(s MatchSuggested) ([]any, error) {
	if err := s.OtherClaimID.Validate(); err != nil {
		return nil, c.fail("suggest match", relabel(err, "claim_id", "other_claim_id"))
	}
	if _, seen := c.matches[s.OtherClaimID]; seen || s.OtherClaimID == c.id || c.status == StatusDismissed || c.status == "" {
		return nil, nil
	}
	if s.Contradiction == "" && c.pendingMatches() >= MaxPendingSuggestions {
		return nil, nil
	}
	if _, linked := c.links[s.OtherClaimID]; linked {
		return nil, nil
	}
	s.Evidence = slices.Clone(s.Evidence)
	return []any{s}, nil
}

// pendingMatches counts the suggestions no one has decided yet.
func (c *Claim) pendingMatches() int {
	n := 0
	for _, m := range c.matches {
		if m.State == MatchPending {
			n++
		}
	}
	return n
}

// AcceptMatch turns a pending suggestion into a link to other.
func (c *Claim) AcceptMatch(other ID, by, note string) ([]any, error) {
	if err := c.pending("accept match", other); err != nil {
		return nil, err
	}
	return c.Link(other, by, note)
}

// RejectMatch refuses a pending suggestion for good.
func (c *Claim) RejectMatch(other ID, by, note string) ([]any, error) {
	const op = "reject match"
	if err := c.pending(op, other); err != nil {
		return nil, err
	}
	if err := checkID("by", by); err != nil {
		return nil, c.fail(op, err)
	}
	if err := checkText("note", note, MaxNoteBytes, false); err != nil {
		return nil, c.fail(op, err)
	}
	return []any{MatchRejected{OtherClaimID: other, By: by, Note: note}}, nil
}

func (c *Claim) pending(op string, other ID) error {
	if err := other.Validate(); err != nil {
		return c.fail(op, relabel(err, "claim_id", "other_claim_id"))
	}
	m, ok := c.matches[other]
	if !ok {
		return c.fail(op, fmt.Errorf("%w: %s was never suggested", ErrNoSuggestion, other))
	}
	if m.State != MatchPending {
		return c.fail(op, fmt.Errorf("%w: the suggestion of %s was %s", ErrNoSuggestion, other, m.State))
	}
	return nil
}
