package app

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
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
// own stream, together with the article: all of it or nothing. Ids derive
// from the body's hash, so the same body ingested again finds what is there,
// and an ingest left half-done by an older version of the service (claims
// recorded, the article not) is completed.
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
		return c.alreadyIngested(ctx, aid, history)
	}
	var published time.Time
	if in.Published != "" {
		p, err := time.Parse(time.DateOnly, in.Published)
		if err != nil {
			return Ingested{}, &article.FieldError{Field: "published", Problem: fmt.Sprintf("%q is not a date (YYYY-MM-DD)", in.Published)}
		}
		published = p
	}
	found, err := c.Extractor.Extract(extract.Article{Title: in.Title, Body: string(in.Body), Published: published})
	if err != nil {
		return Ingested{}, &article.FieldError{Field: "body", Problem: err.Error()}
	}
	if len(found) > article.MaxClaims {
		// Said of the body, which the caller sent, before any work is done
		// on claims that would be refused anyway.
		return Ingested{}, &article.FieldError{Field: "body", Problem: fmt.Sprintf(
			"%d claims found, at most %d in one article: ingest it in parts", len(found), article.MaxClaims)}
	}
	ids := make([]string, len(found))
	claims := make([]events.AppendRequest, len(found))
	opened := make(map[string][]any, len(found)) // each claim's events, by stream
	for i, f := range found {
		ids[i] = claimID(aid, i)
		evs, req, err := c.claimOpening(actor, aid, ids[i], f)
		if err != nil {
			return Ingested{}, err
		}
		claims[i], opened[req.StreamID] = req, evs
	}
	// The openings without suggestions, should the ingest have to defer
	// its matching: suggestOnNew appends to copies, never in place.
	plain, plainOpened := slices.Clone(claims), maps.Clone(opened)
	found2, deferred, err := c.suggestOnNew(ctx, actor, aid, claims, opened)
	if err != nil {
		return Ingested{}, err
	}
	if deferred {
		// Recorded with the claims, so the matching is never lost: a
		// consumer of the matching topic runs it once the views catch up.
		req, err := c.deferMatching(actor, aid, ids, events.NoStream)
		if err != nil {
			return Ingested{}, err
		}
		claims = append(claims, req)
	}
	rq := newRequest(in.RequestID, "ingest", hash, in.Title, in.URL, in.Published)
	record := func(claims []events.AppendRequest, found []suggestion) (Written, error) {
		return c.executeWith(ctx, actor, rq, articleStream(aid), nil, func(st *streamState) ([]any, error) {
			if len(st.history) > 0 {
				return nil, errAlreadyIngested
			}
			return article.Ingest(article.IngestCommand{ArticleID: aid, Title: in.Title, URL: in.URL,
				Published: in.Published, Body: in.Body, ClaimIDs: ids, By: actor.ID})
		}, func(retry bool) ([]events.AppendRequest, error) {
			others, err := c.suggestOnRecorded(ctx, actor, aid, found, false)
			if err != nil || !retry {
				return append(slices.Clip(claims), others...), err
			}
			mine, err := c.unrecorded(ctx, claims)
			return append(mine, others...), err
		})
	}
	w, err := record(claims, found2)
	if errors.Is(err, events.ErrConcurrency) && len(found2) > 0 {
		// The claims it suggests on kept moving under it (other ingests
		// suggesting on the same claims at once): record the article with
		// its matching deferred, which the matching consumer runs one
		// deferral at a time.
		req, derr := c.deferMatching(actor, aid, ids, events.NoStream)
		if derr != nil {
			return Ingested{}, derr
		}
		claims, opened = append(plain, req), plainOpened
		w, err = record(claims, nil)
	}
	if errors.Is(err, errAlreadyIngested) { // a concurrent ingest of the same body won
		head, _, herr := c.store.Head(ctx)
		return Ingested{ArticleID: aid, ClaimIDs: ids, Position: head, AlreadyIngested: true}, herr
	}
	if err != nil {
		return Ingested{}, err
	}
	for _, res := range w.with { // reviews of a new claim follow: spare them reading it back
		if evs, ok := opened[res.StreamID]; ok {
			c.states.put(res.StreamID, new(streamState).extend(evs, res))
		} else { // an existing claim that got a suggestion
			c.states.drop(res.StreamID)
		}
	}
	return Ingested{ArticleID: aid, ClaimIDs: ids, Position: w.Position, AlreadyIngested: w.Replayed}, nil
}

var errAlreadyIngested = errors.New("article already ingested")

// alreadyIngested answers an ingest of a body whose article is recorded.
func (c *Commands) alreadyIngested(ctx context.Context, aid string, history []any) (Ingested, error) {
	a, err := article.FromHistory(history)
	if err != nil {
		return Ingested{}, err
	}
	head, _, err := c.store.Head(ctx)
	return Ingested{ArticleID: aid, ClaimIDs: a.ClaimIDs(), Position: head, AlreadyIngested: true}, err
}

// claimOpening is the append that opens a claim's stream, and its events.
func (c *Commands) claimOpening(actor Actor, aid, id string, f extract.Claim) ([]any, events.AppendRequest, error) {
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
		Normalized: normalized, Speaker: f.Source, Checks: checks, ExtractorVersion: c.Extractor.Version})
	if err != nil {
		return nil, events.AppendRequest{}, fmt.Errorf("claim %s: %w", id, err)
	}
	req := events.AppendRequest{StreamID: claimStream(id), Expected: events.NoStream}
	for _, e := range evs {
		p, err := c.reg.Encode(e)
		if err != nil {
			return nil, events.AppendRequest{}, err
		}
		p.Actor = actor.ID
		req.Events = append(req.Events, p)
	}
	return evs, req, nil
}

// unrecorded keeps the claim appends whose streams do not exist yet.
func (c *Commands) unrecorded(ctx context.Context, claims []events.AppendRequest) ([]events.AppendRequest, error) {
	var out []events.AppendRequest
	for _, req := range claims {
		st, err := c.state(ctx, req.StreamID, true)
		if err != nil {
			return nil, err
		}
		if len(st.history) == 0 {
			out = append(out, req)
		}
	}
	return out, nil
}
