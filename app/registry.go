package app

import (
	"github.com/claimledger/claimledger/domain/article"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
)

// NewRegistry registers every domain event at its current schema version.
func NewRegistry() *events.Registry {
	r := events.NewRegistry()
	// The log's own checkpoints are events like the domain's: a reader
	// of the whole log decodes them too.
	for _, list := range [][]any{claim.Events(), article.Events(), reviewer.Events(), {events.Checkpoint{}}} {
		for _, e := range list {
			r.RegisterValue(e.(events.Typed), 1)
		}
	}
	return r
}
