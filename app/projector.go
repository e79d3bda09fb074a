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
	// states caches each claim's history as last projected, so the next
	// event of the claim extends it instead of reading the stream again.
	// Projection runs on one goroutine; the cache needs no lock.
	states map[string]*streamState
	// Tracer, when set, gets a span per event projected: a trace of its
	// own (projection runs apart from the call that wrote the event),
	// carrying the call's request id.
	Tracer Tracer
}

// NewProjector returns a projector that reads aggregate history from store.
func NewProjector(store events.Store, reg *events.Registry) *Projector {
	return &Projector{store: store, reg: reg, states: map[string]*streamState{}}
}

// Apply projects one event into w. Events of types it does not know (plain
// watermill messages, say) change nothing.
func (p *Projector) Apply(ctx context.Context, w ViewWriter, e *events.Envelope) (err error) {
	if p.Tracer != nil {
		var end func(error, ...Attr)
		ctx, end = p.Tracer.Start(ctx, "project "+e.Type, Attr{AttrPosition, e.Position}, Attr{AttrStream, e.StreamID},
			Attr{AttrRequestID, e.CorrelationID})
		defer func() { end(err) }()
	}
	switch e.Type {
	case claim.TypeExtracted, claim.TypeFlagged, claim.TypeReviewSubmitted, claim.TypeReviewRetracted,
		claim.TypeStatusChanged, claim.TypeReopened, claim.TypeDismissed, claim.TypeSettled, claim.TypeLinked,
		claim.TypeAdded, claim.TypeCorrected, claim.TypeMatchSuggested, claim.TypeMatchRejected:
		return p.claim(ctx, w, e)
	case article.TypeIngested:
		return p.article(ctx, w, e)
	case reviewer.TypeRegistered, reviewer.TypeTokenIssued, reviewer.TypeTokenRevoked:
		return p.reviewer(ctx, w, e)
	}
	return nil
}

func (p *Projector) claim(ctx context.Context, w ViewWriter, e *events.Envelope) error {
	st, err := p.stateAt(ctx, e)
	if err != nil {
		return err
	}
	v, err := claimView(st, e.Position, e.RecordedAt)
	if err != nil {
		return fmt.Errorf("project %s v%d: %w", e.StreamID, e.Version, err)
	}
	if err := w.PutClaim(ctx, v); err != nil {
		return err
	}
	switch ev := value(st.history[len(st.history)-1]).(type) {
	case claim.ReviewSubmitted:
		return w.AddActivity(ctx, ev.Vote.Reviewer, 1, 0, e.RecordedAt)
	case claim.ReviewRetracted:
		return w.AddActivity(ctx, ev.Reviewer, 0, 1, e.RecordedAt)
	}
	return nil
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
	st, err := loadStream(ctx, p.store, p.reg, e.StreamID, e.Version)
	if err != nil {
		return err
	}
	r, err := reviewer.FromHistory(st.history)
	if err != nil {
		return fmt.Errorf("project %s v%d: %w", e.StreamID, e.Version, err)
	}
	v := ReviewerView{ID: r.ID(), Name: r.Name(), Role: r.Role(), Version: e.Version, CreatedAt: st.firstAt}
	for _, t := range r.Tokens() {
		v.Tokens = append(v.Tokens, TokenView{ID: t.ID, ReviewerID: r.ID(), Hash: t.Hash, Revoked: t.Revoked})
	}
	return w.PutReviewer(ctx, v)
}

// stateAt returns the stream of e up to e: the cached state (or, for a new
// stream, the empty one) extended by e when it is the version before e,
// else read from the store. Both give the same history, so views do not
// depend on the cache.
func (p *Projector) stateAt(ctx context.Context, e *events.Envelope) (*streamState, error) {
	prev, ok := p.states[e.StreamID]
	if e.Version == 1 {
		prev, ok = new(streamState), true
	}
	if ok && prev.version+1 == e.Version {
		ev, err := p.reg.Decode(e)
		if err != nil {
			return nil, err
		}
		st := prev.then([]any{ev}, e.Version, e.RecordedAt)
		p.remember(e.StreamID, st)
		return st, nil
	}
	st, err := loadStream(ctx, p.store, p.reg, e.StreamID, e.Version)
	if err != nil {
		return nil, err
	}
	p.remember(e.StreamID, st)
	return st, nil
}

// Forget drops the cached histories: after the views are reset to be
// rebuilt from a log that is not the one they were built from, a cached
// history may not be that log's.
func (p *Projector) Forget() { clear(p.states) }

func (p *Projector) remember(stream string, st *streamState) {
	if len(p.states) >= maxCachedStates {
		clear(p.states)
	}
	p.states[stream] = st
}
