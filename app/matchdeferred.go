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
// whether a write is accepted. Claims added later to an article (by hand,
// or by a re-extraction) are always matched this way, so those commands
// never wait for the views. RunDeferredMatching then matches the claims
// once the views have caught up and records the suggestions with match.Ran,
// all in one append that expects the matching stream at the version it
// read, so however often it is delivered, and by however many processes,
// a deferral is matched once. A Ran covers every deferral before it.

// deferMatching is the append recording that the matching of an article's
// claims ids is deferred, expecting the matching stream at expected.
func (c *Commands) deferMatching(actor Actor, aid string, ids []string, expected events.ExpectedVersion) (events.AppendRequest, error) {
	p, err := c.reg.Encode(match.Deferred{ArticleID: aid, ClaimIDs: ids})
	if err != nil {
		return events.AppendRequest{}, err
	}
	p.Actor = actor.ID
	return events.AppendRequest{StreamID: matchingStream(aid), Expected: expected, Events: []events.Proposed{p}}, nil
}

// deferLater is the append deferring the matching of claims added to an
// article after its ingest, at the matching stream's current version; none
// when matching is off or no claim is added.
func (c *Commands) deferLater(ctx context.Context, actor Actor, aid string, ids []string) ([]events.AppendRequest, error) {
	if c.Matcher == nil || len(ids) == 0 {
		return nil, nil
	}
	st, err := c.state(ctx, matchingStream(aid), true)
	if err != nil {
		return nil, err
	}
	expected := events.NoStream
	if st.version > 0 {
		expected = events.Exact(st.version)
	}
	req, err := c.deferMatching(actor, aid, ids, expected)
	return []events.AppendRequest{req}, err
}

// RunDeferredMatching runs the matching that e deferred, when e is a
// match.Deferred event whose matching has not run; any other event is
// ignored. It reports whether it recorded a matching. An error leaves
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
	for attempt := 0; ; attempt++ {
		ran, err := c.runDeferred(ctx, d.ArticleID, e.Version)
		if errors.Is(err, events.ErrConcurrency) && attempt < conflictRetries {
			continue // a deferral, a review or a suggestion came in between
		}
		return ran, err
	}
}

// runDeferred matches the claims of every deferral of aid's matching
// stream since its last Ran, unless a Ran already follows version v.
func (c *Commands) runDeferred(ctx context.Context, aid string, v uint64) (bool, error) {
	stream := matchingStream(aid)
	st, err := c.state(ctx, stream, true)
	if err != nil {
		return false, err
	}
	var ids []string
	for _, h := range st.history {
		switch ev := value(h).(type) {
		case match.Deferred:
			ids = append(ids, ev.ClaimIDs...)
		case match.Ran:
			ids = ids[:0]
		}
	}
	if len(st.history) == 0 || len(ids) == 0 || uint64(len(st.history)) < v {
		return false, nil // nothing pending: a Ran covered the deferral
	}
	fresh := make([]ClaimView, 0, len(ids))
	for _, id := range ids {
		cs, err := c.state(ctx, claimStream(id), true)
		if err != nil {
			return false, err
		}
		cv, err := claimView(cs, 0, time.Time{})
		if err != nil {
			return false, fmt.Errorf("deferred matching %s: %w", id, err)
		}
		fresh = append(fresh, cv)
	}
	found, err := c.findMatches(ctx, aid, fresh)
	if err != nil {
		return false, err
	}
	rq := newRequest("", "match", aid, st.version)
	_, err = c.executeWith(ctx, System, rq, stream, &st.version, func(*streamState) ([]any, error) {
		return []any{match.Ran{ArticleID: aid, Suggestions: len(found)}}, nil
	}, func(bool) ([]events.AppendRequest, error) {
		mine, err := c.suggestOnRecorded(ctx, System, aid, found, true)
		if err != nil {
			return nil, err
		}
		others, err := c.suggestOnRecorded(ctx, System, aid, found, false)
		return append(mine, others...), err
	})
	if err != nil {
		return false, err
	}
	for _, s := range found { // the claims that got a suggestion moved on
		c.states.drop(claimStream(s.newID))
		c.states.drop(claimStream(s.other.ID))
	}
	return true, nil
}
