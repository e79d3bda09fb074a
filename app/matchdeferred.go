package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/domain/match"
	"github.com/claimledger/claimledger/events"
)

// Deferred matching. An ingest whose views lag past MatchWait records its
// article and claims at once, with a match.Deferred event on the article's
// matching stream, instead of refusing: the log, not the views, decides
// whether a write is accepted. RunDeferredMatching then matches the claims
// once the views have caught up and records the suggestions with match.Ran,
// all in one append that expects the matching stream to hold Deferred
// alone, so however often it is delivered, and by however many processes,
// the matching is recorded once.

// errMatchingRan says the matching stream has moved past Deferred.
var errMatchingRan = errors.New("matching already ran")

// deferMatching is the append recording that an ingest's matching is
// deferred.
func (c *Commands) deferMatching(actor Actor, aid string, ids []string) (events.AppendRequest, error) {
	p, err := c.reg.Encode(match.Deferred{ArticleID: aid, ClaimIDs: ids})
	if err != nil {
		return events.AppendRequest{}, err
	}
	p.Actor = actor.ID
	return events.AppendRequest{StreamID: matchingStream(aid), Expected: events.NoStream, Events: []events.Proposed{p}}, nil
}

// RunDeferredMatching runs the matching that e deferred, when e is a
// match.Deferred event whose matching has not run; any other event is
// ignored. It reports whether it recorded the matching. An error leaves
// nothing recorded; ErrNotCaughtUp says the views still lag, and the caller
// tries again later.
func (c *Commands) RunDeferredMatching(ctx context.Context, e *events.Envelope) (bool, error) {
	if e.Type != match.TypeDeferred || c.Matcher == nil {
		return false, nil
	}
	decoded, err := c.reg.Decode(e)
	if err != nil {
		return false, err
	}
	d, ok := value(decoded).(match.Deferred)
	if !ok {
		return false, fmt.Errorf("deferred matching: %T is not %s", decoded, match.TypeDeferred)
	}
	stream := matchingStream(d.ArticleID)
	if st, err := c.state(ctx, stream, true); err != nil || len(st.history) != 1 {
		return false, err
	}
	fresh := make([]ClaimView, 0, len(d.ClaimIDs))
	for _, id := range d.ClaimIDs {
		st, err := c.state(ctx, claimStream(id), true)
		if err != nil {
			return false, err
		}
		v, err := claimView(st, 0, time.Time{})
		if err != nil {
			return false, fmt.Errorf("deferred matching %s: %w", id, err)
		}
		fresh = append(fresh, v)
	}
	found, err := c.findMatches(ctx, d.ArticleID, fresh)
	if err != nil {
		return false, err
	}
	rq := newRequest("", "match", d.ArticleID)
	_, err = c.executeWith(ctx, System, rq, stream, nil, func(st *streamState) ([]any, error) {
		if len(st.history) != 1 {
			return nil, errMatchingRan
		}
		return []any{match.Ran{ArticleID: d.ArticleID, Suggestions: len(found)}}, nil
	}, func(bool) ([]events.AppendRequest, error) {
		mine, err := c.suggestOnRecorded(ctx, System, d.ArticleID, found, true)
		if err != nil {
			return nil, err
		}
		others, err := c.suggestOnRecorded(ctx, System, d.ArticleID, found, false)
		return append(mine, others...), err
	})
	if errors.Is(err, errMatchingRan) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, s := range found { // the claims that got a suggestion moved on
		c.states.drop(claimStream(s.newID))
		c.states.drop(claimStream(s.other.ID))
	}
	return true, nil
}
