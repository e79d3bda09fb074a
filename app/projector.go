package app

import (
	"context"
	"fmt"

	"github.com/claimledger/claimledger/domain/article"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
)

// Projector turns events into view rows. A claim's or reviewer's view is
// rebuilt from its aggregate folded up to the event at hand, so a view is
// exactly what the domain says the aggregate is, and replaying the log gives
// the same rows every time.
type Projector struct {
	store events.Store
	reg   *events.Registry
}

// NewProjector returns a projector that reads aggregate history from store.
func NewProjector(store events.Store, reg *events.Registry) *Projector {
	return &Projector{store: store, reg: reg}
}

// Apply projects one event into w. Events of types it does not know (plain
// watermill messages, say) change nothing.
func (p *Projector) Apply(ctx context.Context, w ViewWriter, e *events.Envelope) error {
	switch e.Type {
	case claim.TypeExtracted, claim.TypeFlagged, claim.TypeReviewSubmitted, claim.TypeReviewRetracted,
		claim.TypeStatusChanged, claim.TypeReopened, claim.TypeDismissed, claim.TypeSettled, claim.TypeLinked:
		return p.claim(ctx, w, e)
	case article.TypeIngested:
		return p.article(ctx, w, e)
	case reviewer.TypeRegistered, reviewer.TypeTokenIssued, reviewer.TypeTokenRevoked:
		return p.reviewer(ctx, w, e)
	}
	return nil
}

func (p *Projector) claim(ctx context.Context, w ViewWriter, e *events.Envelope) error {
	history, _, err := loadStream(ctx, p.store, p.reg, e.StreamID, e.Version)
	if err != nil {
		return err
	}
	c, err := claim.FromHistory(history)
	if err != nil {
		return fmt.Errorf("project %s v%d: %w", e.StreamID, e.Version, err)
	}
	first, err := p.store.ReadStream(ctx, e.StreamID, events.ReadStreamOptions{Limit: 1})
	if err != nil || len(first) == 0 {
		return fmt.Errorf("project %s: first event: %w", e.StreamID, err)
	}
	start, end := c.Span()
	v := ClaimView{ID: string(c.ID()), ArticleID: c.ArticleID(), Kind: c.Kind(), Text: c.Text(), Part: c.Part(),
		Start: start, End: end, Sentence: c.Sentence(), Normalized: c.Normalized(), Speaker: c.Speaker(),
		Checks: c.Checks(), Flagged: c.Flagged(), Status: c.Status(), StatusReason: statusReason(history),
		Votes: c.Votes(), Round: c.Round(), Version: e.Version, Position: e.Position,
		ExtractedAt: first[0].RecordedAt, UpdatedAt: e.RecordedAt}
	for _, l := range c.Links() {
		v.Links = append(v.Links, string(l))
	}
	if err := w.PutClaim(ctx, v); err != nil {
		return err
	}
	switch ev := history[len(history)-1].(type) {
	case *claim.ReviewSubmitted:
		return w.AddActivity(ctx, ev.Vote.Reviewer, 1, 0, e.RecordedAt)
	case *claim.ReviewRetracted:
		return w.AddActivity(ctx, ev.Reviewer, 0, 1, e.RecordedAt)
	}
	return nil
}

// statusReason explains the claim's current status from the last event that
// changed it.
func statusReason(history []any) string {
	for i := len(history) - 1; i >= 0; i-- {
		switch ev := history[i].(type) {
		case *claim.Reopened:
			return "reopened by " + ev.By + ": " + ev.Reason
		case *claim.Dismissed:
			return "dismissed by " + ev.By + ": " + ev.Reason
		case *claim.Settled:
			return "settled by " + ev.Editor + joinNote(ev.Note)
		case *claim.StatusChanged:
			return string(ev.Cause) + " by " + ev.By + joinNote(ev.Note)
		}
	}
	return ""
}

func joinNote(note string) string {
	if note == "" {
		return ""
	}
	return ": " + note
}

func (p *Projector) article(ctx context.Context, w ViewWriter, e *events.Envelope) error {
	ev, err := p.reg.Decode(e)
	if err != nil {
		return err
	}
	in := ev.(*article.Ingested)
	return w.PutArticle(ctx, ArticleView{ID: in.ArticleID, Title: in.Title, URL: in.URL, Published: in.Published,
		ContentHash: in.ContentHash, ClaimIDs: in.ClaimIDs, By: in.By, IngestedAt: e.RecordedAt,
		Version: e.Version, Position: e.Position})
}

func (p *Projector) reviewer(ctx context.Context, w ViewWriter, e *events.Envelope) error {
	history, _, err := loadStream(ctx, p.store, p.reg, e.StreamID, e.Version)
	if err != nil {
		return err
	}
	r, err := reviewer.FromHistory(history)
	if err != nil {
		return fmt.Errorf("project %s v%d: %w", e.StreamID, e.Version, err)
	}
	v := ReviewerView{ID: r.ID(), Name: r.Name(), Role: r.Role(), Version: e.Version}
	first, err := p.store.ReadStream(ctx, e.StreamID, events.ReadStreamOptions{Limit: 1})
	if err != nil || len(first) == 0 {
		return fmt.Errorf("project %s: first event: %w", e.StreamID, err)
	}
	v.CreatedAt = first[0].RecordedAt
	for _, t := range r.Tokens() {
		v.Tokens = append(v.Tokens, TokenView{ID: t.ID, ReviewerID: r.ID(), Hash: t.Hash, Revoked: t.Revoked})
	}
	return w.PutReviewer(ctx, v)
}
