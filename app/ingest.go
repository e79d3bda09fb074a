package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/domain/article"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/extract"
	"github.com/claimledger/claimledger/events"
)

// IngestArticle is an article to ingest.
type IngestArticle struct {
	RequestID string
	Title     string
	Body      []byte
	URL       string
	Published string // YYYY-MM-DD or empty
}

// Ingested says what an ingest recorded.
type Ingested struct {
	ArticleID       string
	ClaimIDs        []string
	Position        uint64
	AlreadyIngested bool
}

// IngestArticle extracts the article's claims and records them, each on its
// own stream, then the article. Ids derive from the body's hash, so the same
// body ingested again (or a retry after a crash between the claims and the
// article) finds what is there and completes it.
func (c *Commands) IngestArticle(ctx context.Context, actor Actor, in IngestArticle) (Ingested, error) {
	hash := article.ContentHash(in.Body)
	aid := articleID(hash)
	// Validate first, so a bad request is refused even for a known body.
	if _, err := article.Ingest(article.IngestCommand{ArticleID: aid, Title: in.Title, URL: in.URL,
		Published: in.Published, Body: in.Body, By: actor.ID}); err != nil {
		return Ingested{}, err
	}
	if history, _, err := c.load(ctx, articleStream(aid)); err != nil {
		return Ingested{}, err
	} else if len(history) > 0 {
		a, err := article.FromHistory(history)
		if err != nil {
			return Ingested{}, err
		}
		head, _, err := c.store.Head(ctx)
		return Ingested{ArticleID: aid, ClaimIDs: a.ClaimIDs(), Position: head, AlreadyIngested: true}, err
	}
	var published time.Time
	if in.Published != "" {
		p, err := time.Parse(time.DateOnly, in.Published)
		if err != nil {
			return Ingested{}, &article.FieldError{Field: "published", Problem: fmt.Sprintf("%q is not a date (YYYY-MM-DD)", in.Published)}
		}
		published = p
	}
	found, err := extract.Extract(extract.Article{Title: in.Title, Body: string(in.Body), Published: published})
	if err != nil {
		return Ingested{}, &article.FieldError{Field: "body", Problem: err.Error()}
	}
	ids := make([]string, len(found))
	for i, f := range found {
		ids[i] = claimID(aid, i)
		if err := c.recordClaim(ctx, actor, aid, ids[i], f); err != nil {
			return Ingested{}, err
		}
	}
	rq := newRequest(in.RequestID, "ingest", hash, in.Title, in.URL, in.Published)
	w, err := c.execute(ctx, actor, rq, articleStream(aid), nil, func(st *streamState) ([]any, error) {
		history := st.history
		if len(history) > 0 {
			return nil, errAlreadyIngested
		}
		return article.Ingest(article.IngestCommand{ArticleID: aid, Title: in.Title, URL: in.URL,
			Published: in.Published, Body: in.Body, ClaimIDs: ids, By: actor.ID})
	})
	if errors.Is(err, errAlreadyIngested) { // a concurrent ingest of the same body won
		head, _, herr := c.store.Head(ctx)
		return Ingested{ArticleID: aid, ClaimIDs: ids, Position: head, AlreadyIngested: true}, herr
	}
	if err != nil {
		return Ingested{}, err
	}
	return Ingested{ArticleID: aid, ClaimIDs: ids, Position: w.Position, AlreadyIngested: w.Replayed}, nil
}

var errAlreadyIngested = errors.New("article already ingested")

// recordClaim appends a claim's opening events unless its stream exists.
func (c *Commands) recordClaim(ctx context.Context, actor Actor, aid, id string, f extract.Claim) error {
	checks := make([]claim.Check, len(f.Checks))
	for i, ch := range f.Checks {
		checks[i] = claim.Check{Name: ch.Name, Result: string(ch.Result), Detail: ch.Detail}
	}
	var normalized any
	if f.Value != nil {
		normalized = f.Value
	}
	evs, err := claim.Extract(claim.ExtractCommand{ClaimID: claim.ID(id), ArticleID: aid, Kind: string(f.Kind),
		Text: f.Text, Part: string(f.Part), Start: f.Start, End: f.End, Sentence: f.Sentence,
		Normalized: normalized, Speaker: f.Source, Checks: checks})
	if err != nil {
		return fmt.Errorf("claim %s: %w", id, err)
	}
	req := events.AppendRequest{StreamID: claimStream(id), Expected: events.NoStream}
	for _, e := range evs {
		p, err := c.reg.Encode(e)
		if err != nil {
			return err
		}
		p.Actor = actor.ID
		req.Events = append(req.Events, p)
	}
	res, err := c.store.Append(ctx, req)
	if err != nil && !errors.Is(err, events.ErrConcurrency) {
		return err
	}
	if err == nil { // reviews of a new claim follow: spare them reading it back
		c.states.put(req.StreamID, &streamState{history: evs, version: res.ToVersion, firstAt: res.Events[0].RecordedAt})
	}
	return nil
}
