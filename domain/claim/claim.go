package claim

import (
	"fmt"
	"maps"
	"slices"
)

// Claim is the state the review workflow decides on. It is built only by
// Apply, from events; the fields are unexported so nothing else can move a
// claim without leaving an event behind.
type Claim struct {
	id         ID
	articleID  string
	kind       string
	text       string
	part       string
	start, end int
	sentence   string
	normalized map[string]any
	speaker    string
	checks     []Check
	flagged    bool

	status  Status
	round   int             // review rounds started: 1 after extraction, +1 per reopen
	votes   map[string]Vote // live votes of the current round, by reviewer
	links   map[ID]Linked
	matches map[ID]Match // suggested matches, by the other claim
	version int          // events applied

	origin      Origin
	extractor   string // version of the extractor that found it
	addedBy     string
	corrections int  // by editors
	everVoted   bool // a vote was ever cast, retracted or not
	dismissCode DismissCode
	formerKinds []string // kinds corrections took it away from
}

// FromHistory rebuilds a claim from its stream, oldest event first. Events
// may be values or pointers to them (the event registry decodes to
// pointers). An empty or inconsistent history is an ErrHistory: the app
// should have answered "not found" for an empty stream before asking.
func FromHistory(events []any) (*Claim, error) {
	if len(events) == 0 {
		return nil, fmt.Errorf("claim: rehydrate: %w: no events", ErrHistory)
	}
	c := &Claim{}
	for i, e := range events {
		if err := c.Apply(e); err != nil {
			return nil, fmt.Errorf("claim: rehydrate: event %d of %d: %w", i+1, len(events), err)
		}
	}
	return c, nil
}

// Clone returns a claim that Apply can move on without changing c. What
// only Extracted sets (the text, the normalized value, the checks) is
// shared: nothing changes it afterwards, and the accessors hand out copies.
func (c *Claim) Clone() *Claim {
	n := *c
	n.votes = maps.Clone(c.votes)
	n.links = maps.Clone(c.links)
	n.matches = maps.Clone(c.matches)
	return &n
}

// ID identifies the claim; "" before Extracted is applied.
func (c *Claim) ID() ID { return c.id }

// ArticleID is the article the claim was extracted from.
func (c *Claim) ArticleID() string { return c.articleID }

// Kind is the extractor's kind: money, percentage, quote ...
func (c *Claim) Kind() string { return c.kind }

// Text is the claim exactly as it appears in the article.
func (c *Claim) Text() string { return c.text }

// Part is "title" or "body": the text Span indexes into.
func (c *Claim) Part() string { return c.part }

// Span is the claim's UTF-8 byte offsets into its Part.
func (c *Claim) Span() (start, end int) { return c.start, c.end }

// Sentence is the sentence around the claim, for the reviewer's context.
func (c *Claim) Sentence() string { return c.sentence }

// Speaker is who the article says made the claim, if anyone.
func (c *Claim) Speaker() string { return c.speaker }

// Checks are the extractor's consistency checks, a copy.
func (c *Claim) Checks() []Check { return slices.Clone(c.checks) }

// Flagged reports whether a consistency check failed at extraction.
func (c *Claim) Flagged() bool { return c.flagged }

// Status is where the claim is in the workflow.
func (c *Claim) Status() Status { return c.status }

// Round counts review rounds: 1 from extraction, one more per reopen.
func (c *Claim) Round() int { return c.round }

// Version is the number of events applied, which is the stream version the
// next append expects.
func (c *Claim) Version() int { return c.version }

// Normalized is the extractor's normalized value, a deep copy (nil if none).
func (c *Claim) Normalized() map[string]any { return deepCopy(c.normalized).(map[string]any) }

// Votes returns the live votes of the current round, sorted by reviewer so
// that views and exports built from them are deterministic.
func (c *Claim) Votes() []Vote {
	out := make([]Vote, 0, len(c.votes))
	for _, r := range slices.Sorted(maps.Keys(c.votes)) {
		out = append(out, c.votes[r].canonical())
	}
	return out
}

// Vote returns reviewer's live vote, if there is one.
func (c *Claim) Vote(reviewer string) (Vote, bool) {
	v, ok := c.votes[reviewer]
	return v.canonical(), ok
}

// Origin says whether the extractor found the claim or a reviewer added it.
func (c *Claim) Origin() Origin { return c.origin }

// ExtractorVersion is the version of the extractor that found the claim:
// UnknownExtractor for claims recorded before versions were, "" for a
// claim added by hand. A re-extraction's correction does not change it.
func (c *Claim) ExtractorVersion() string { return c.extractor }

// AddedBy is the reviewer who added the claim by hand, or "".
func (c *Claim) AddedBy() string { return c.addedBy }

// Corrections counts editors' corrections of the claim's kind or span.
func (c *Claim) Corrections() int { return c.corrections }

// DismissCode is why the claim was last dismissed, or "" if it never was.
func (c *Claim) DismissCode() DismissCode { return c.dismissCode }

// WasKind reports whether a correction took the claim away from kind: the
// span is known not to be a claim of that kind.
func (c *Claim) WasKind(kind string) bool { return slices.Contains(c.formerKinds, kind) }

// Reviewed reports whether a person has worked on the claim: added it,
// corrected it, voted on it (even a vote since retracted) or moved it out of
// extracted. An extractor never changes a reviewed claim.
func (c *Claim) Reviewed() bool {
	return c.origin != OriginExtracted || c.corrections > 0 || c.everVoted || c.status != StatusExtracted
}

// Links returns the claims this one is linked to, sorted.
func (c *Claim) Links() []ID { return slices.Sorted(maps.Keys(c.links)) }

// deepCopy copies what encoding/json decodes into: maps, slices and scalars.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			return map[string]any(nil)
		}
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}

// historyError is an ErrHistory for an event Apply cannot fold.
func historyError(e any, format string, args ...any) error {
	return fmt.Errorf("%w: %T: %s", ErrHistory, e, fmt.Sprintf(format, args...))
}
