package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/match"
	"github.com/claimledger/claimledger/events"
)

// MatchIndex is what ingest reads to suggest matches: the match index, and
// how far it has followed the log.
type MatchIndex interface {
	MatchReader
	Progress
}

// Matching bounds. perKey bounds the candidates read from one index
// bucket and maxSuggestions the suggestions kept per new claim, so the cost
// of matching a claim does not grow with the ledger.
const (
	perKey         = 32
	maxSuggestions = 5
	// DefaultMatchWait bounds an ingest's wait for the views to reach the
	// log's head before matching: matching reads the views, and a match
	// missed because the views lagged would make ingest depend on timing.
	// Past it the ingest is recorded with its matching deferred.
	DefaultMatchWait = 3 * time.Second
)

// suggestion is one match found for a new claim of an ingest.
type suggestion struct {
	newID string
	other ClaimView
	match.Suggestion
}

// findMatches compares the new claims of an article with the ledger's
// claims through the index. Each new claim keeps its best suggestions,
// ordered by score then by id, so the same ledger gives the same
// suggestions every time.
func (c *Commands) findMatches(ctx context.Context, aid string, fresh []ClaimView) ([]suggestion, error) {
	if c.Matcher == nil {
		return nil, nil
	}
	head, _, err := c.store.Head(ctx)
	if err != nil {
		return nil, err
	}
	wctx, cancel := context.WithTimeout(ctx, cmp.Or(c.MatchWait, DefaultMatchWait))
	defer cancel()
	if err := c.Matcher.WaitApplied(wctx, head); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// Matching on views that lag would miss claims: the caller
		// defers the matching instead.
		return nil, fmt.Errorf("match: %w: the views did not reach position %d: %v", ErrNotCaughtUp, head, err)
	}
	var out []suggestion
	for _, v := range fresh {
		mc := matchClaim(v)
		cands, err := c.Matcher.MatchCandidates(ctx, match.Lookup(mc), perKey)
		if err != nil {
			return nil, fmt.Errorf("match %s: %w", v.ID, err)
		}
		var found []suggestion
		for _, o := range cands {
			if o.ArticleID == aid || o.Status == claim.StatusDismissed {
				continue
			}
			if s, ok := match.Score(mc, matchClaim(o)); ok {
				found = append(found, suggestion{newID: v.ID, other: o, Suggestion: s})
			}
		}
		slices.SortStableFunc(found, func(a, b suggestion) int {
			return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.other.ID, b.other.ID))
		})
		out = append(out, found[:min(len(found), maxSuggestions)]...)
	}
	return out, nil
}

// suggestedOn is the event recorded on claim side's stream for s.
func (s suggestion) suggestedOn(newSide bool, aid string) claim.MatchSuggested {
	e := claim.MatchSuggested{OtherClaimID: claim.ID(s.other.ID), OtherArticleID: s.other.ArticleID,
		Score: s.Score, Evidence: s.Evidence, Contradiction: s.Contradiction}
	if !newSide {
		e.OtherClaimID, e.OtherArticleID = claim.ID(s.newID), aid
	}
	return e
}

// suggestOnRecorded decides the suggestions on claims' streams that are
// recorded: the existing claims' (newSide false; each suggestion names the
// new claim) or, when matching was deferred, the new claims' (newSide true;
// each names the existing claim). A claim that rejected or linked the pair,
// or was dismissed meanwhile, decides nothing. The streams are read fresh,
// and each append expects the version read, so a review recorded in between
// makes the command decide again.
func (c *Commands) suggestOnRecorded(ctx context.Context, actor Actor, aid string, found []suggestion, newSide bool) ([]events.AppendRequest, error) {
	byOther := map[string][]suggestion{}
	var order []string
	for _, s := range found {
		id := s.other.ID
		if newSide {
			id = s.newID
		}
		if _, ok := byOther[id]; !ok {
			order = append(order, id)
		}
		byOther[id] = append(byOther[id], s)
	}
	slices.Sort(order)
	var out []events.AppendRequest
	for _, id := range order {
		stream := claimStream(id)
		st, err := c.state(ctx, stream, true)
		if err != nil {
			return nil, err
		}
		cl, err := st.claim()
		if err != nil {
			return nil, fmt.Errorf("match %s: %w", id, err)
		}
		cl = cl.Clone()
		req := events.AppendRequest{StreamID: stream, Expected: events.Exact(st.version)}
		for _, s := range byOther[id] {
			evs, err := cl.SuggestMatch(s.suggestedOn(newSide, aid))
			if err != nil {
				return nil, err
			}
			if err := c.encodeInto(&req, actor, cl, evs); err != nil {
				return nil, err
			}
		}
		if len(req.Events) > 0 {
			out = append(out, req)
		}
	}
	return out, nil
}

// encodeInto applies evs to cl and adds them to req.
func (c *Commands) encodeInto(req *events.AppendRequest, actor Actor, cl *claim.Claim, evs []any) error {
	for _, e := range evs {
		if err := cl.Apply(e); err != nil {
			return err
		}
		p, err := c.reg.Encode(e)
		if err != nil {
			return err
		}
		p.Actor = actor.ID
		req.Events = append(req.Events, p)
	}
	return nil
}

// suggestOnNew finds the matches of an ingest's new claims and adds the
// suggestions to their opening appends (and to opened, their events). It
// reports deferred when the views did not catch up in time: nothing is
// suggested then, and the ingest records the matching as deferred.
func (c *Commands) suggestOnNew(ctx context.Context, actor Actor, aid string, claims []events.AppendRequest, opened map[string][]any) (_ []suggestion, deferred bool, _ error) {
	if c.Matcher == nil {
		return nil, false, nil
	}
	fresh := make([]ClaimView, 0, len(claims))
	for _, req := range claims {
		evs := opened[req.StreamID]
		v, err := claimView(new(streamState).then(evs, uint64(len(evs)), time.Time{}), 0, time.Time{})
		if err != nil {
			return nil, false, err
		}
		fresh = append(fresh, v)
	}
	found, err := c.findMatches(ctx, aid, fresh)
	if errors.Is(err, ErrNotCaughtUp) {
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	for i := range claims {
		req := &claims[i]
		st := new(streamState).then(opened[req.StreamID], uint64(len(opened[req.StreamID])), time.Time{})
		cl, err := st.claim()
		if err != nil {
			return nil, false, err
		}
		cl = cl.Clone()
		// Clipped, so the appends below never write into arrays a copy
		// the caller kept of claims and opened still shares.
		req.Events = slices.Clip(req.Events)
		for _, s := range found {
			if claimStream(s.newID) != req.StreamID {
				continue
			}
			evs, err := cl.SuggestMatch(s.suggestedOn(true, aid))
			if err != nil {
				return nil, false, err
			}
			if err := c.encodeInto(req, actor, cl, evs); err != nil {
				return nil, false, err
			}
			opened[req.StreamID] = append(slices.Clip(opened[req.StreamID]), evs...)
		}
	}
	return found, false, nil
}
