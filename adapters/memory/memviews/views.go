// Package memviews keeps the verification views in memory, fed from any
// events.Store through its subscription: the views adapter the app and
// gRPC tests run on, as the in-memory store is their event store. Views are
// kept as JSON, as the SQLite views keep them, so both read back alike.
package memviews

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
)

// Views are the verification views in memory.
type Views struct {
	store events.Store
	log   *slog.Logger

	mu        sync.RWMutex
	rows      rows
	applied   app.Watermark
	access    atomic.Uint64 // commits that changed a reviewer or a token
	batchSize int
}

// rows are the committed views.
type rows struct {
	claims    map[string][]byte // JSON of app.ClaimView
	articles  map[string][]byte // JSON of app.ArticleView
	reviewers map[string][]byte // JSON of app.ReviewerView
	tokens    map[string]app.TokenView
	activity  map[string]activity
	index     matchIndex
}

// activity is a reviewer's counts of votes and retractions.
type activity struct {
	votes, retractions int
	last               time.Time
}

func emptyRows() rows {
	return rows{claims: map[string][]byte{}, articles: map[string][]byte{}, reviewers: map[string][]byte{},
		tokens: map[string]app.TokenView{}, activity: map[string]activity{}, index: newMatchIndex()}
}

var _ app.Views = (*Views)(nil)

// maxBatch bounds how many events one projection transaction applies.
const maxBatch = 256

// New returns empty views fed from store; log receives the projection's
// diagnostics (nil: slog.Default()).
func New(store events.Store, log *slog.Logger) *Views {
	if log == nil {
		log = slog.Default()
	}
	return &Views{store: store, log: log, rows: emptyRows(), batchSize: maxBatch}
}

// Close implements app.Views; memory needs no releasing.
func (v *Views) Close() error { return nil }

// Applied implements app.ViewReader.
func (v *Views) Applied() uint64 { return v.applied.Applied() }

// WaitApplied implements app.ViewReader.
func (v *Views) WaitApplied(ctx context.Context, position uint64) error {
	return v.applied.WaitApplied(ctx, position)
}

// AccessVersion implements app.ViewReader.
func (v *Views) AccessVersion() uint64 { return v.access.Load() }
