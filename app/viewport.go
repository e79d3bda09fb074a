package app

import (
	"context"
	"time"

	"github.com/claimledger/claimledger/domain/claim"
)

// The views' port. A views adapter (sqliteviews, the in-memory views)
// implements ViewReader for the queries and Projection for the server, and
// hands the Projector a ViewWriter per transaction. app/viewstest checks
// every adapter against these contracts.

// ViewWriter is one projection transaction: every change it makes commits
// together with the projection's checkpoint, or not at all. A Put replaces
// the whole row under its id; writes become visible to readers only when
// the transaction commits.
type ViewWriter interface {
	PutClaim(ctx context.Context, v ClaimView) error
	PutArticle(ctx context.Context, v ArticleView) error
	// PutReviewer replaces the reviewer's view and upserts each of its
	// tokens; a committed PutReviewer moves the access version.
	PutReviewer(ctx context.Context, v ReviewerView) error
	// AddActivity adds to a reviewer's counts of votes and retractions and
	// keeps the latest of their activity times.
	AddActivity(ctx context.Context, reviewerID string, votes, retractions int, at time.Time) error
}

// ClaimFilter selects claims; empty fields select everything.
type ClaimFilter struct {
	Status    claim.Status
	Kind      string
	ArticleID string
	Reviewer  string // claims with a live vote by this reviewer
	// NotReviewer: claims without a live vote by this reviewer (what still
	// waits for them).
	NotReviewer string
	Flagged     *bool
	// HasSuggestions: claims with a suggested match no one has accepted
	// or rejected yet.
	HasSuggestions bool
	// CrossArticle: claims that fail the cross_article check.
	CrossArticle bool
	// VerdictElsewhere (confirmed, disputed ...): claims still to decide
	// (extracted or under review) linked to a claim in that status.
	VerdictElsewhere claim.Status
}

// Pages: every list is ordered by id, ascending and stable (claims by
// CompareClaimIDs: article, then text order); after is the last id of the
// previous page (exclusive, "" for the first page) and limit
// the most rows returned. A missing row is (zero, false, nil), never an
// error.

// ClaimReader reads the claims' views.
type ClaimReader interface {
	Claim(ctx context.Context, id string) (ClaimView, bool, error)
	Claims(ctx context.Context, f ClaimFilter, after string, limit int) ([]ClaimView, error)
	// CountClaims is how many claims Claims lists for f over all its
	// pages, without reading them: cheap enough for every page view.
	CountClaims(ctx context.Context, f ClaimFilter) (int, error)
}

// MatchReader reads the match index: each claim is filed under the keys
// of its view's MatchKeys (domain/match), so a lookup touches only the
// claims that could match.
type MatchReader interface {
	// MatchCandidates returns the claims filed under any of keys, each
	// once, ordered by id: of each key at most perKey claims, those with
	// the smallest ids, so a lookup's cost is bounded whatever the size of
	// the ledger.
	MatchCandidates(ctx context.Context, keys []string, perKey int) ([]ClaimView, error)
}

// ArticleReader reads the articles' views.
type ArticleReader interface {
	// Article is the article with its claims counted by status.
	Article(ctx context.Context, id string) (ArticleSummary, bool, error)
	// ArticleView is the article alone, without counting its claims.
	ArticleView(ctx context.Context, id string) (ArticleView, bool, error)
	Articles(ctx context.Context, after string, limit int) ([]ArticleSummary, error)
}

// AccessReader reads who may do what: reviewers and their tokens.
type AccessReader interface {
	// Reviewer is the reviewer's view with their activity counts.
	Reviewer(ctx context.Context, id string) (ReviewerView, bool, error)
	Reviewers(ctx context.Context, after string, limit int) ([]ReviewerView, error)
	Token(ctx context.Context, tokenID string) (TokenView, bool, error)
	// AccessVersion changes after every commit of the views that changes a
	// reviewer or a token: what was read of them before is stale.
	AccessVersion() uint64
}

// Progress says how far the views have followed the log.
type Progress interface {
	// Applied is the position of the last event the views reflect: its
	// checkpoint, committed with the rows.
	Applied() uint64
	// WaitApplied returns when Applied() >= position, or with ctx's error.
	WaitApplied(ctx context.Context, position uint64) error
}

// ViewReader is everything the queries read.
type ViewReader interface {
	ClaimReader
	MatchReader
	ArticleReader
	AccessReader
	Progress
}

// Projection keeps views up to date from the log.
type Projection interface {
	// Run projects the log from the views' checkpoint through p until ctx
	// is done (then it returns nil). An event that fails to project rolls
	// its transaction back and is retried, never skipped.
	Run(ctx context.Context, p *Projector) error
	// Rebuild empties the views and their checkpoint and projects the
	// whole log again up to its head; the rows equal those Run built. Run
	// must not be running.
	Rebuild(ctx context.Context, p *Projector) error
}

// Views is a views adapter as the server holds it.
type Views interface {
	ViewReader
	Projection
	Close() error
}
