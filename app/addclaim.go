package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/claimledger/claimledger/domain/article"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/events"
)

// AddClaim is a claim a reviewer found that the extractor missed. The span
// is given by byte offsets into the article's text (headline, line break,
// body: see article.Article.Text), by its text alone when that occurs once,
// or by both, which must agree.
type AddClaim struct {
	RequestID  string
	ArticleID  string
	Kind       string
	Text       string
	Start, End *int
	Note       string
}

var errClaimIDTaken = errors.New("claim id taken since the article was read")

// AddClaim records a claim added by hand, as the article's next claim. The
// same span and kind as a live claim of the article is ErrClaimExists.
func (c *Commands) AddClaim(ctx context.Context, actor Actor, in AddClaim) (Written, error) {
	rq := newRequest(in.RequestID, "add", in.ArticleID, in.Kind, in.Text, in.Start, in.End, in.Note)
	for attempt := 0; ; attempt++ {
		as, err := c.loadArticle(ctx, in.ArticleID, attempt > 0)
		if err != nil {
			return Written{}, err
		}
		span, err := resolveSpan(as.article, in.Text, in.Start, in.End)
		if err != nil {
			return Written{}, err
		}
		if err := as.room(1); err != nil {
			return Written{}, err
		}
		id := as.next
		w, err := c.executeWith(ctx, actor, rq, claimStream(id), nil, func(st *streamState) ([]any, error) {
			if len(st.history) > 0 {
				return nil, errClaimIDTaken
			}
			if dup := as.live(in.Kind, span, ""); dup != nil {
				return nil, duplicate(dup)
			}
			return claim.Add(claim.AddCommand{ClaimID: claim.ID(id), ArticleID: in.ArticleID, Kind: in.Kind,
				Span: span, By: actor.ID, Note: in.Note})
		}, func(bool) ([]events.AppendRequest, error) {
			return c.deferLater(ctx, actor, in.ArticleID, []string{id})
		})
		if errors.Is(err, errClaimIDTaken) && attempt < conflictRetries {
			continue // another claim took the number: read the article's claims again
		}
		return withView(w, err)
	}
}

// resolveSpan turns what a caller gave into a span of the article.
func resolveSpan(a *article.Article, text string, start, end *int) (claim.Span, error) {
	var s article.Span
	var err error
	switch {
	case start == nil && end == nil:
		s, err = a.Find(text)
	case start == nil:
		err = &claim.FieldError{Field: "start", Problem: "required with end"}
	case end == nil:
		err = &claim.FieldError{Field: "end", Problem: "required with start"}
	default:
		s, err = a.Locate(*start, *end)
		if err == nil && text != "" && text != s.Text {
			err = &claim.FieldError{Field: "text", Problem: fmt.Sprintf("bytes %d..%d of the article are %q, not %q", *start, *end, s.Text, text)}
		}
	}
	if err != nil {
		return claim.Span{}, err
	}
	return claim.Span{Part: s.Part, Start: s.Start, End: s.End, Text: s.Text, Sentence: s.Sentence}, nil
}

// withView adds to what a claim command wrote the view the command built.
func withView(w Written, err error) (Written, error) {
	if err != nil || w.state == nil {
		return w, err
	}
	v, err := claimView(w.state, w.Position, w.recordedAt)
	if err != nil {
		return w, err
	}
	w.Claim = &v
	return w, nil
}
