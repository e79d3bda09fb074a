package app

import (
	"reflect"
	"time"

	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/match"
)

// matchClaim is what matching reads of a claim's view.
func matchClaim(v ClaimView) match.Claim {
	return match.Claim{ID: v.ID, ArticleID: v.ArticleID, Kind: v.Kind, Text: v.Text, Sentence: v.Sentence,
		Speaker: v.Speaker, Normalized: v.Normalized}
}

// claimView is the view of a claim whose stream is st: what the domain says
// the claim is, with the times and position of its events. The projector
// and the command handlers build it the same way, so a command's answer
// equals what the views will hold.
func claimView(st *streamState, position uint64, updatedAt time.Time) (ClaimView, error) {
	c, err := st.claim()
	if err != nil {
		return ClaimView{}, err
	}
	start, end := c.Span()
	v := ClaimView{ID: string(c.ID()), ArticleID: c.ArticleID(), Kind: c.Kind(), Text: c.Text(), Part: c.Part(),
		Start: start, End: end, Sentence: c.Sentence(), Normalized: c.Normalized(), Speaker: c.Speaker(),
		Checks: c.Checks(), Flagged: c.Flagged(), Status: c.Status(), StatusReason: statusReason(st.history),
		Votes: c.Votes(), Round: c.Round(), Version: st.version, Position: position,
		ExtractedAt: st.firstAt.UTC(), UpdatedAt: updatedAt.UTC(),
		Origin: c.Origin(), ExtractorVersion: c.ExtractorVersion(), ExtractedKind: firstKind(st.history),
		AddedBy: c.AddedBy(), Corrections: c.Corrections(), DismissCode: c.DismissCode()}
	for _, l := range c.Links() {
		v.Links = append(v.Links, string(l))
	}
	if ms := c.Matches(); len(ms) > 0 {
		v.Matches = ms
	}
	if v.Status != claim.StatusDismissed { // not a claim: nothing to match
		v.MatchKeys = match.Keys(matchClaim(v))
	}
	return v, nil
}

// firstKind is the kind the claim's stream opened with.
func firstKind(history []any) string {
	if len(history) == 0 {
		return ""
	}
	switch ev := value(history[0]).(type) {
	case claim.Extracted:
		return ev.Kind
	case claim.Added:
		return ev.Kind
	}
	return ""
}

// statusReason explains the claim's current status from the last event that
// changed it.
func statusReason(history []any) string {
	for i := len(history) - 1; i >= 0; i-- {
		switch ev := value(history[i]).(type) {
		case claim.Reopened:
			return "reopened by " + ev.By + ": " + ev.Reason
		case claim.Dismissed:
			return "dismissed by " + ev.By + ": " + ev.Reason
		case claim.Settled:
			return "settled by " + ev.Editor + joinNote(ev.Note)
		case claim.StatusChanged:
			if d, ok := dismissal(history[:i]); ok && ev.Cause == claim.CauseDismissal && d.Code != claim.DismissUnspecified && d.Code != "" {
				return string(ev.Cause) + " by " + ev.By + " as " + string(d.Code) + joinNote(ev.Note)
			}
			return string(ev.Cause) + " by " + ev.By + joinNote(ev.Note)
		}
	}
	return ""
}

// dismissal is the Dismissed that ends history, if it does.
func dismissal(history []any) (claim.Dismissed, bool) {
	if len(history) == 0 {
		return claim.Dismissed{}, false
	}
	d, ok := value(history[len(history)-1]).(claim.Dismissed)
	return d, ok
}

func joinNote(note string) string {
	if note == "" {
		return ""
	}
	return ": " + note
}

// value returns the event a pointer points to: histories hold the pointers
// the registry decodes and the values the domain decides.
func value(e any) any {
	if v := reflect.ValueOf(e); v.Kind() == reflect.Pointer && !v.IsNil() {
		return v.Elem().Interface()
	}
	return e
}
