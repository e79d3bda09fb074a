package app

import (
	"time"

	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// ClaimView is a claim's verification view: what reviewers read.
type ClaimView struct {
	ID           string         `json:"id"`
	ArticleID    string         `json:"article_id"`
	Kind         string         `json:"kind"`
	Text         string         `json:"text"`
	Part         string         `json:"part,omitempty"`
	Start        int            `json:"start"`
	End          int            `json:"end"`
	Sentence     string         `json:"sentence,omitempty"`
	Normalized   map[string]any `json:"normalized,omitempty"`
	Speaker      string         `json:"speaker,omitempty"`
	Checks       []claim.Check  `json:"checks,omitempty"`
	Flagged      bool           `json:"flagged"`
	Status       claim.Status   `json:"status"`
	StatusReason string         `json:"status_reason,omitempty"`
	Votes        []claim.Vote   `json:"votes,omitempty"`
	Round        int            `json:"round"`
	Links        []string       `json:"links,omitempty"`
	// Matches are the suggested matches, best first; MatchKeys the index
	// buckets the claim is filed under (domain/match).
	Matches   []claim.Match `json:"matches,omitempty"`
	MatchKeys []string      `json:"match_keys,omitempty"`
	// LinkedVerdicts are the statuses of the linked claims, filled in when
	// a single claim is read (Queries.Claim), never stored.
	LinkedVerdicts []LinkedVerdict `json:"linked_verdicts,omitempty"`
	Version        uint64          `json:"version"`
	Position       uint64          `json:"position"` // of the last event applied
	ExtractedAt    time.Time       `json:"extracted_at"`
	UpdatedAt      time.Time       `json:"updated_at"`

	// Provenance, for the extraction statistics. Views written before these
	// fields existed read as an extracted claim of an unknown extractor,
	// which is what every claim was then.
	Origin           claim.Origin      `json:"origin,omitempty"`
	ExtractorVersion string            `json:"extractor_version,omitempty"`
	ExtractedKind    string            `json:"extracted_kind,omitempty"` // the kind as first recorded
	AddedBy          string            `json:"added_by,omitempty"`
	Corrections      int               `json:"corrections,omitempty"` // by editors
	DismissCode      claim.DismissCode `json:"dismiss_code,omitempty"`
}

// LinkedVerdict is where a linked claim stands: the verdict elsewhere.
type LinkedVerdict struct {
	ClaimID   string       `json:"claim_id"`
	ArticleID string       `json:"article_id"`
	Status    claim.Status `json:"status"`
}

// PendingMatches reports whether a suggestion awaits a reviewer.
func (v ClaimView) PendingMatches() bool {
	for _, m := range v.Matches {
		if m.State == claim.MatchPending {
			return true
		}
	}
	return false
}

// CrossArticle reports whether the claim fails the cross_article check.
func (v ClaimView) CrossArticle() bool {
	for _, c := range v.Checks {
		if c.Name == claim.CheckCrossArticle && c.Result == claim.CheckFail {
			return true
		}
	}
	return false
}

// Undecided reports whether the claim still awaits a verdict.
func (v ClaimView) Undecided() bool {
	return v.Status == claim.StatusExtracted || v.Status == claim.StatusUnderReview
}

// Provenance fills in what views from before provenance was kept lack.
func (v ClaimView) Provenance() (origin claim.Origin, version, extractedKind string) {
	origin, version, extractedKind = v.Origin, v.ExtractorVersion, v.ExtractedKind
	if origin == "" {
		origin = claim.OriginExtracted
	}
	if version == "" && origin == claim.OriginExtracted {
		version = claim.UnknownExtractor
	}
	if extractedKind == "" {
		extractedKind = v.Kind
	}
	return origin, version, extractedKind
}

// Tally counts the live votes by verdict.
func (v ClaimView) Tally() map[claim.Verdict]int {
	t := map[claim.Verdict]int{}
	for _, vote := range v.Votes {
		t[vote.Verdict]++
	}
	return t
}

// ArticleView is an article as ingested. Its counts by status are computed
// when read (ArticleSummary), from the claim views.
type ArticleView struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	URL         string    `json:"url,omitempty"`
	Published   string    `json:"published,omitempty"`
	ContentHash string    `json:"content_hash"`
	ClaimIDs    []string  `json:"claim_ids,omitempty"`
	By          string    `json:"by"`
	IngestedAt  time.Time `json:"ingested_at"`
	Version     uint64    `json:"version"`
	Position    uint64    `json:"position"`
}

// ArticleSummary is an article with its claims counted by status.
type ArticleSummary struct {
	ArticleView
	Counts map[claim.Status]int
}

// ReviewerView is a reviewer with their tokens and activity.
type ReviewerView struct {
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	Role        reviewer.Role `json:"role"`
	Tokens      []TokenView   `json:"tokens,omitempty"`
	CreatedAt   time.Time     `json:"created_at"`
	Version     uint64        `json:"version"`
	Votes       int           `json:"votes"`       // reviews submitted
	Retractions int           `json:"retractions"` // reviews retracted
	LastActive  time.Time     `json:"last_active"`
}

// TokenView is one bearer token: only its secret's hash is kept.
type TokenView struct {
	ID         string `json:"id"`
	ReviewerID string `json:"reviewer_id"`
	Hash       string `json:"hash"`
	Revoked    bool   `json:"revoked"`
}
