package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/extract"
	"github.com/claimledger/claimledger/events"
)

// Reextract runs the current extractor again on ingested articles.
type Reextract struct {
	RequestID  string
	ArticleIDs []string
	DryRun     bool // plan only, record nothing
}

// Reextracted is what a re-extraction recorded, or would have.
type Reextracted struct {
	Version  string // the extractor's
	Changes  []ReextractChange
	Position uint64 // the last position written; 0 when nothing was
}

// Reextract records, article by article, what the current extractor finds
// that the ledger does not have yet (see planReextract). Each article's
// changes are one append, all or none; an article whose claims moved while
// it was planned is planned again. Running it twice records nothing the
// second time, so a retry with the same request id is safe: its changes
// are already there.
func (c *Commands) Reextract(ctx context.Context, actor Actor, in Reextract) (Reextracted, error) {
	out := Reextracted{Version: c.Extractor.Version}
	rq := newRequest(in.RequestID, "reextract", c.Extractor.Version)
	for _, aid := range in.ArticleIDs {
		changes, pos, err := c.reextractArticle(ctx, actor, rq, aid, in.DryRun)
		if err != nil {
			return out, fmt.Errorf("re-extract article %s: %w", aid, err)
		}
		out.Changes = append(out.Changes, changes...)
		out.Position = max(out.Position, pos)
	}
	return out, nil
}

func (c *Commands) reextractArticle(ctx context.Context, actor Actor, rq request, aid string, dry bool) ([]ReextractChange, uint64, error) {
	for attempt := 0; ; attempt++ {
		as, err := c.loadArticle(ctx, aid, attempt > 0)
		if err != nil {
			return nil, 0, err
		}
		a := as.article
		var published time.Time
		if a.Published() != "" {
			published, _ = time.Parse(time.DateOnly, a.Published()) // validated at ingest
		}
		found, err := c.Extractor.Extract(extract.Article{Title: a.Title(), Body: a.Body(), Published: published})
		if err != nil {
			return nil, 0, err
		}
		plan := planReextract(as, found)
		adding := 0
		for _, ch := range plan {
			if ch.target == nil {
				adding++
			}
		}
		if err := as.room(adding); err != nil {
			return nil, 0, err
		}
		if dry || len(plan) == 0 {
			return plan, 0, nil
		}
		reqs, err := c.reextractAppends(ctx, actor, rq, as, plan)
		if err != nil {
			return nil, 0, err
		}
		res, err := c.store.AppendAll(ctx, reqs)
		for _, r := range reqs { // the next command on these streams reads them afresh
			c.states.drop(r.StreamID)
		}
		if errors.Is(err, events.ErrConcurrency) && attempt < conflictRetries {
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		return plan, res[len(res)-1].ToPosition, nil
	}
}

// reextractAppends turns a plan into appends: corrections at the version
// each claim was read at, new claims expecting new streams.
func (c *Commands) reextractAppends(ctx context.Context, actor Actor, rq request, as *articleState, plan []ReextractChange) ([]events.AppendRequest, error) {
	var reqs []events.AppendRequest
	var added []string
	for _, ch := range plan {
		f := ch.found
		if ch.target == nil { // planned on the article's next free ids
			_, req, err := c.claimOpening(actor, ch.ArticleID, ch.ClaimID, f)
			if err != nil {
				return nil, err
			}
			reqs = append(reqs, c.stamp(req, actor, rq))
			added = append(added, ch.ClaimID)
			continue
		}
		var norm any
		if f.Value != nil {
			norm = f.Value
		}
		evs, err := ch.target.Reextract(actor.ID, c.Extractor.Version, string(f.Kind),
			claim.Span{Part: string(f.Part), Start: f.Start, End: f.End, Text: f.Text, Sentence: f.Sentence}, norm)
		if err != nil {
			return nil, err
		}
		req := events.AppendRequest{StreamID: claimStream(ch.ClaimID), Expected: events.Exact(uint64(ch.target.Version()))}
		for _, e := range evs {
			p, err := c.reg.Encode(e)
			if err != nil {
				return nil, err
			}
			req.Events = append(req.Events, p)
		}
		reqs = append(reqs, c.stamp(req, actor, rq))
	}
	// The new claims are matched later: re-extraction does not wait for
	// the views.
	later, err := c.deferLater(ctx, actor, as.article.ID(), added)
	if err != nil {
		return nil, err
	}
	for _, req := range later {
		reqs = append(reqs, c.stamp(req, actor, rq))
	}
	return reqs, nil
}

// stamp marks req's events as the caller's, caused by this command.
func (c *Commands) stamp(req events.AppendRequest, actor Actor, rq request) events.AppendRequest {
	for i := range req.Events {
		req.Events[i].Actor, req.Events[i].CorrelationID, req.Events[i].CausationID = actor.ID, rq.id, rq.intent
	}
	return req
}
