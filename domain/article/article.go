// Package article is the article aggregate: the text claims are extracted
// from. An article is written once and never changes; a corrected article is
// a new article, so claim offsets into a body stay valid forever.
package article

import (
	"fmt"
	"reflect"
	"slices"
)

// Article is an ingested article, built only by Apply.
type Article struct {
	id          string
	title       string
	url         string
	published   string
	contentHash string
	body        string
	claimIDs    []string
	by          string
	version     int
}

// FromHistory rebuilds an article from its stream, oldest event first; events
// may be values or pointers. An empty stream is an ErrHistory: the app
// answers "not found" before asking.
func FromHistory(events []any) (*Article, error) {
	if len(events) == 0 {
		return nil, fmt.Errorf("article: rehydrate: %w: no events", ErrHistory)
	}
	a := &Article{}
	for i, e := range events {
		if err := a.Apply(e); err != nil {
			return nil, fmt.Errorf("article: rehydrate: event %d of %d: %w", i+1, len(events), err)
		}
	}
	return a, nil
}

// Apply folds one event into the article. Ingested opens the stream and
// nothing follows it in v1; anything else is an ErrHistory and leaves the
// article unchanged.
func (a *Article) Apply(e any) error {
	if v := reflect.ValueOf(e); v.Kind() == reflect.Pointer && !v.IsNil() {
		e = v.Elem().Interface() // the event registry decodes into pointers
	}
	in, ok := e.(Ingested)
	switch {
	case !ok:
		return fmt.Errorf("%w: %T is not an article event", ErrHistory, e)
	case a.version != 0:
		return fmt.Errorf("%w: %s at version %d: an article is ingested once", ErrHistory, TypeIngested, a.version)
	}
	a.id, a.title, a.url, a.published = in.ArticleID, in.Title, in.URL, in.Published
	a.contentHash, a.body, a.by = in.ContentHash, in.Body, in.By
	a.claimIDs = slices.Clone(in.ClaimIDs)
	a.version++
	return nil
}

// ID is the article's id.
func (a *Article) ID() string { return a.id }

// Title is the headline as submitted.
func (a *Article) Title() string { return a.title }

// URL is where the article was published, or "".
func (a *Article) URL() string { return a.url }

// Published is the publication date, YYYY-MM-DD, or "".
func (a *Article) Published() string { return a.published }

// ContentHash is the hex SHA-256 of the body's bytes.
func (a *Article) ContentHash() string { return a.contentHash }

// Body is the text claim offsets index into.
func (a *Article) Body() string { return a.body }

// ClaimIDs are the claims extracted at ingestion, in text order.
func (a *Article) ClaimIDs() []string { return slices.Clone(a.claimIDs) }

// By is who ingested the article.
func (a *Article) By() string { return a.by }

// Version is the number of events applied.
func (a *Article) Version() int { return a.version }
