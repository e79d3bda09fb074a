package claim

// Event type names, as stored in the log's type column. They are part of the
// stored format: never rename one, add a new type or schema version instead.
const (
	TypeExtracted       = "claim.extracted"
	TypeFlagged         = "claim.flagged"
	TypeReviewSubmitted = "review.submitted"
	TypeReviewRetracted = "review.retracted"
	TypeStatusChanged   = "claim.status_changed"
	TypeReopened        = "claim.reopened"
	TypeDismissed       = "claim.dismissed"
	TypeSettled         = "claim.settled"
	TypeLinked          = "claim.linked"
	TypeAdded           = "claim.added"
	TypeCorrected       = "claim.corrected"
	TypeMatchSuggested  = "claim.match_suggested"
	TypeMatchRejected   = "claim.match_rejected"
)

// Schema versions of the event types that changed shape; every other type
// is at version 1. The app registers these and the upcasters in schema.go,
// so events recorded before a change still read.
const (
	ExtractedSchema = 2 // v2: extractor_version
	DismissedSchema = 2 // v2: code
)

// Events lists the zero value of every claim event type, so the app can
// register them all and a test can notice one it forgot.
func Events() []any {
	return []any{Extracted{}, Flagged{}, ReviewSubmitted{}, ReviewRetracted{},
		StatusChanged{}, Reopened{}, Dismissed{}, Settled{}, Linked{}, Added{}, Corrected{},
		MatchSuggested{}, MatchRejected{}}
}

// Extracted opens a claim's stream: the statement as the extractor found it.
// Normalized is the extractor's normalized value as a JSON object; it is a
// map rather than the extractor's own type so that the extractor can grow
// fields without a new schema version of this event, and encoding/json
// writes maps with sorted keys, so the payload stays deterministic.
type Extracted struct {
	ClaimID    ID             `json:"claim_id"`
	ArticleID  string         `json:"article_id"`
	Kind       string         `json:"kind"`
	Text       string         `json:"text"`
	Part       string         `json:"part,omitempty"` // "title" or "body": what Start and End index
	Start      int            `json:"start"`          // UTF-8 byte offsets
	End        int            `json:"end"`
	Sentence   string         `json:"sentence,omitempty"`
	Normalized map[string]any `json:"normalized,omitempty"`
	Speaker    string         `json:"speaker,omitempty"`
	Checks     []Check        `json:"checks,omitempty"`
	// ExtractorVersion is the version of the extractor that found the
	// claim; UnknownExtractor for claims recorded before it was kept.
	ExtractorVersion string `json:"extractor_version"`
}

// UnknownExtractor is the extractor version of a claim extracted before
// versions were recorded.
const UnknownExtractor = "unknown"

// Check is one consistency check the extractor ran on the claim.
type Check struct {
	Name   string `json:"name"`
	Result string `json:"result"` // "pass", "warn" or "fail"
	Detail string `json:"detail,omitempty"`
}

// Check results.
const (
	CheckPass = "pass"
	CheckWarn = "warn"
	CheckFail = "fail"
)

// Flagged follows Extracted when a check failed, so reviewers can queue
// flagged claims without parsing every extraction. It repeats only the failed checks.
type Flagged struct {
	Checks []Check `json:"checks"`
}

// ReviewSubmitted records a reviewer's vote.
type ReviewSubmitted struct {
	Vote Vote `json:"vote"`
}

// ReviewRetracted removes a reviewer's live vote; the vote itself stays in
// the log.
type ReviewRetracted struct {
	Reviewer string `json:"reviewer"`
	Reason   string `json:"reason,omitempty"`
}

// Cause says which kind of action moved a claim to another status.
type Cause string

const (
	CauseVote       Cause = "vote"
	CauseRetraction Cause = "retraction"
	CauseSettlement Cause = "settlement"
	CauseReopen     Cause = "reopen"
	CauseDismissal  Cause = "dismissal"
)

// StatusChanged is the one event that moves a claim's status. It comes right
// after the event that caused it, so a view of statuses needs to read no
// other event type.
type StatusChanged struct {
	From  Status `json:"from"`
	To    Status `json:"to"`
	Cause Cause  `json:"cause"`
	By    string `json:"by"`
	Note  string `json:"note,omitempty"`
}

// Reopened starts a new review round on a claim that was final: the live
// votes of the previous round stop counting (they stay in the log).
type Reopened struct {
	By     string `json:"by"`
	Reason string `json:"reason"`
}

// Dismissed takes a claim out of review. Code says why in a form the
// extraction statistics count (not_a_claim is an extractor false
// positive); Reason is the editor's free text.
type Dismissed struct {
	By     string      `json:"by"`
	Reason string      `json:"reason"`
	Code   DismissCode `json:"code"`
}

// Settled is an editor's decision on a contested claim.
type Settled struct {
	Editor  string  `json:"editor"`
	Verdict Verdict `json:"verdict"`
	Note    string  `json:"note,omitempty"`
}

// Linked records that this claim is the same statement as another claim,
// usually in another article. A link is one-way in this stream; the app
// links the other claim too when it wants both directions.
type Linked struct {
	OtherClaimID ID     `json:"other_claim_id"`
	By           string `json:"by"`
	Note         string `json:"note,omitempty"`
}

// EventType returns the stored type name.
func (Extracted) EventType() string { return TypeExtracted }

// EventType returns the stored type name.
func (Flagged) EventType() string { return TypeFlagged }

// EventType returns the stored type name.
func (ReviewSubmitted) EventType() string { return TypeReviewSubmitted }

// EventType returns the stored type name.
func (ReviewRetracted) EventType() string { return TypeReviewRetracted }

// EventType returns the stored type name.
func (StatusChanged) EventType() string { return TypeStatusChanged }

// EventType returns the stored type name.
func (Reopened) EventType() string { return TypeReopened }

// EventType returns the stored type name.
func (Dismissed) EventType() string { return TypeDismissed }

// EventType returns the stored type name.
func (Settled) EventType() string { return TypeSettled }

// EventType returns the stored type name.
func (Linked) EventType() string { return TypeLinked }

// EventType returns the stored type name.
func (Added) EventType() string { return TypeAdded }

// EventType returns the stored type name.
func (Corrected) EventType() string { return TypeCorrected }
