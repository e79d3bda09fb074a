package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/claimledger/claimledger/events"
)

// Queries reads the views and the log.
type Queries struct {
	views ViewReader
	store events.Store
	reg   *events.Registry // decodes what is read from the log itself
	// articles caches article views: an article never changes once
	// ingested, and every claim message carries its article's fields.
	articles articleCache
	// tokens caches authenticated tokens, forgotten whenever the views
	// change a reviewer or a token.
	tokens tokenCache
	// MaxWait bounds how long a read with a minimum position waits for the
	// views to reach it.
	MaxWait time.Duration
}

// NewQueries returns the read side.
func NewQueries(views ViewReader, store events.Store) *Queries {
	return &Queries{views: views, store: store, reg: NewRegistry(), MaxWait: 5 * time.Second}
}

// Views is the reader the queries use.
func (q *Queries) Views() ViewReader { return q.views }

// caughtUp waits, bounded, until the views reflect minPosition: how a client
// reads its own writes (it passes the position a command returned). With no
// minimum, a read waits for the log's head when it began, so it sees every
// write acknowledged before it: commands answer before the views have their
// events, and a script that confirms a claim and then shows it must see the
// vote.
func (q *Queries) caughtUp(ctx context.Context, minPosition uint64) error {
	head, _, err := q.store.Head(ctx)
	if err != nil {
		return err
	}
	switch {
	case minPosition == 0:
		minPosition = head
	case minPosition > head:
		return fmt.Errorf("%w: min_position %d, the log ends at %d", ErrOutOfRange, minPosition, head)
	}
	if minPosition == 0 || q.views.Applied() >= minPosition {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, q.MaxWait)
	defer cancel()
	err = q.views.WaitApplied(ctx, minPosition)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: at %d of %d after %v", ErrNotCaughtUp, q.views.Applied(), minPosition, q.MaxWait)
	}
	return err
}

// Claim returns a claim's view once the views reflect minPosition.
func (q *Queries) Claim(ctx context.Context, id string, minPosition uint64) (ClaimView, error) {
	if err := q.caughtUp(ctx, minPosition); err != nil {
		return ClaimView{}, err
	}
	v, ok, err := q.views.Claim(ctx, id)
	if err == nil && !ok {
		err = notFound("claim", id)
	}
	if err != nil {
		return v, err
	}
	return v, q.linkedVerdicts(ctx, &v)
}

// Claims returns a page of claims.
func (q *Queries) Claims(ctx context.Context, f ClaimFilter, after string, limit int, minPosition uint64) ([]ClaimView, error) {
	if err := q.caughtUp(ctx, minPosition); err != nil {
		return nil, err
	}
	return q.views.Claims(ctx, f, after, limit)
}

// Article returns an article with its claims counted by status.
func (q *Queries) Article(ctx context.Context, id string, minPosition uint64) (ArticleSummary, error) {
	if err := q.caughtUp(ctx, minPosition); err != nil {
		return ArticleSummary{}, err
	}
	v, ok, err := q.views.Article(ctx, id)
	if err == nil && !ok {
		err = notFound("article", id)
	}
	return v, err
}

// Articles returns a page of articles.
func (q *Queries) Articles(ctx context.Context, after string, limit int, minPosition uint64) ([]ArticleSummary, error) {
	if err := q.caughtUp(ctx, minPosition); err != nil {
		return nil, err
	}
	return q.views.Articles(ctx, after, limit)
}

// Reviewer returns a reviewer's view.
func (q *Queries) Reviewer(ctx context.Context, id string, minPosition uint64) (ReviewerView, error) {
	if err := q.caughtUp(ctx, minPosition); err != nil {
		return ReviewerView{}, err
	}
	v, ok, err := q.views.Reviewer(ctx, id)
	if err == nil && !ok {
		err = notFound("reviewer", id)
	}
	return v, err
}

// Reviewers returns a page of reviewers.
func (q *Queries) Reviewers(ctx context.Context, after string, limit int, minPosition uint64) ([]ReviewerView, error) {
	if err := q.caughtUp(ctx, minPosition); err != nil {
		return nil, err
	}
	return q.views.Reviewers(ctx, after, limit)
}

// History returns every event of a claim's stream, as recorded.
func (q *Queries) History(ctx context.Context, claimID string) ([]events.Envelope, error) {
	var all []events.Envelope
	var next uint64 = 1
	for {
		page, err := q.store.ReadStream(ctx, claimStream(claimID), events.ReadStreamOptions{From: next, Limit: events.DefaultPageSize})
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < events.DefaultPageSize {
			break
		}
		next = page[len(page)-1].Version + 1
	}
	if len(all) == 0 {
		return nil, notFound("claim", claimID)
	}
	return all, nil
}

// Verify checks the hash chain over positions from..to (0: the head; past
// the head: the head). A from beyond the next position to be written is
// ErrOutOfRange, not a fault: nothing is recorded there to be tampered
// with. from at head+1 is an empty range that verifies, so an auditor who
// verified up to the head can ask from head+1 next time without an error.
func (q *Queries) Verify(ctx context.Context, from, to uint64) (events.VerifyReport, error) {
	head, _, err := q.store.Head(ctx)
	if err != nil {
		return events.VerifyReport{}, err
	}
	if from > head+1 {
		return events.VerifyReport{}, fmt.Errorf("%w: from %d, the log ends at %d", ErrOutOfRange, from, head)
	}
	return q.store.Verify(ctx, from, to)
}

// HashAt is the chain hash of the event at position.
func (q *Queries) HashAt(ctx context.Context, position uint64) ([]byte, error) {
	if position == 0 {
		return events.GenesisHash, nil
	}
	e, err := q.store.ReadAll(ctx, position-1, 1)
	if err != nil {
		return nil, err
	}
	if len(e) != 1 || e[0].Position != position {
		return nil, fmt.Errorf("%w: no event at position %d", ErrOutOfRange, position)
	}
	return e[0].Hash, nil
}

// Backup writes a consistent copy of the log, up to the head when it
// starts, while appends go on (see events.WriteBackup).
func (q *Queries) Backup(ctx context.Context, w io.Writer) (events.BackupHead, error) {
	return events.WriteBackup(ctx, q.store, w)
}

// Watch follows the log after a position. A position beyond the head is
// ErrOutOfRange: the caller is resuming from a log it did not read here
// (another server, a restored backup), and waiting for the log to grow
// past it would silently skip the events in between.
func (q *Queries) Watch(ctx context.Context, after uint64) (events.Subscription, error) {
	head, _, err := q.store.Head(ctx)
	if err != nil {
		return nil, err
	}
	if after > head {
		return nil, fmt.Errorf("%w: after_position %d, the log ends at %d", ErrOutOfRange, after, head)
	}
	return q.store.Subscribe(ctx, after)
}

// Authenticate resolves a bearer credential to its reviewer. It answers
// false for an unknown, malformed or revoked credential, and never says
// which.
func (q *Queries) Authenticate(ctx context.Context, credential string) (Actor, bool, error) {
	tokenID, secret, ok := SplitCredential(credential)
	if !ok {
		return Actor{}, false, nil
	}
	// The version is read before the views: a change committed after this
	// point moves it, and the entry cached below is then never served.
	version := q.views.AccessVersion()
	if t, ok := q.tokens.get(tokenID, version); ok {
		if !hashMatches(t.hash, secret) {
			return Actor{}, false, nil
		}
		return t.actor, true, nil
	}
	t, ok, err := q.views.Token(ctx, tokenID)
	if err == nil && !ok {
		// A token the views do not know yet may have been issued a moment
		// ago, through this server or another one on the same log: look
		// again once the views reached the log's head as it is now
		// (bounded by MaxWait; at once when they are there already).
		var again bool
		if again, err = q.caughtUpToHead(ctx); again {
			version = q.views.AccessVersion()
			t, ok, err = q.views.Token(ctx, tokenID)
		}
	}
	if err != nil || !ok || t.Revoked || !hashMatches(t.Hash, secret) {
		return Actor{}, false, err
	}
	r, ok, err := q.views.Reviewer(ctx, t.ReviewerID)
	if err != nil || !ok {
		return Actor{}, false, err
	}
	actor := Actor{ID: r.ID, Role: r.Role}
	q.tokens.put(tokenID, version, cachedToken{hash: t.Hash, actor: actor})
	return actor, true, nil
}

// Token is a token's view, for a command that names only the token. A
// token the views do not know yet is looked up again once they reached the
// log's head, as Authenticate does.
func (q *Queries) Token(ctx context.Context, tokenID string) (TokenView, bool, error) {
	t, ok, err := q.views.Token(ctx, tokenID)
	if err == nil && !ok {
		var again bool
		if again, err = q.caughtUpToHead(ctx); again {
			t, ok, err = q.views.Token(ctx, tokenID)
		}
	}
	return t, ok, err
}

// caughtUpToHead waits, bounded by MaxWait, until the views reach the log's
// head as it is now, and says whether they did: views that lag further
// are not an error here, what was looked for stays unknown.
func (q *Queries) caughtUpToHead(ctx context.Context) (bool, error) {
	err := q.caughtUp(ctx, 0)
	if errors.Is(err, ErrNotCaughtUp) {
		return false, nil
	}
	return err == nil, err
}

// TokenCacheStats counts the credential checks answered from the token
// cache (hits) and those that read the views (misses), since the start.
func (q *Queries) TokenCacheStats() (hits, misses uint64) {
	return q.tokens.hits.Load(), q.tokens.misses.Load()
}

// Head is the position of the last event in the log.
func (q *Queries) Head(ctx context.Context) (uint64, error) {
	h, _, err := q.store.Head(ctx)
	return h, err
}

// ArticleView returns an article without its counts, from a cache: an
// article's view never changes once it exists. A missing article is not
// cached (its claims come before it in the log, so the views may hold them
// first).
func (q *Queries) ArticleView(ctx context.Context, id string) (ArticleView, error) {
	if v, ok := q.articles.get(id); ok {
		return v, nil
	}
	v, ok, err := q.views.ArticleView(ctx, id)
	if err != nil {
		return ArticleView{}, err
	}
	if !ok {
		return ArticleView{}, notFound("article", id)
	}
	q.articles.put(id, v)
	return v, nil
}

// maxCachedArticles bounds the article cache.
const maxCachedArticles = 10_000

type articleCache struct {
	mu sync.Mutex
	m  map[string]ArticleView
}

func (c *articleCache) get(id string) (ArticleView, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[id]
	return v, ok
}

func (c *articleCache) put(id string, v ArticleView) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedArticles {
		c.m = map[string]ArticleView{}
	}
	c.m[id] = v
}
