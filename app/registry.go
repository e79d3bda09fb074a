package app

import (
	"encoding/json"
	"fmt"

	"github.com/claimledger/claimledger/domain/article"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/match"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
)

// schemaVersions are the event types past version 1, with the steps that
// bring their older payloads up to date.
var schemaVersions = map[string]struct {
	version int
	up      map[int]events.Upcaster
}{
	// v1 claims were extracted before extractors had versions.
	claim.TypeExtracted: {claim.ExtractedSchema, map[int]events.Upcaster{1: withField("extractor_version", claim.UnknownExtractor)}},
	// v1 dismissals had no code.
	claim.TypeDismissed: {claim.DismissedSchema, map[int]events.Upcaster{1: withField("code", string(claim.DismissUnspecified))}},
}

// NewRegistry registers every domain event at its current schema version.
func NewRegistry() *events.Registry {
	r := events.NewRegistry()
	// The log's own checkpoints are events like the domain's: a reader
	// of the whole log decodes them too.
	for _, list := range [][]any{claim.Events(), article.Events(), reviewer.Events(), match.Events(), {events.Checkpoint{}}} {
		for _, e := range list {
			typed := e.(events.Typed)
			s, ok := schemaVersions[typed.EventType()]
			if !ok {
				r.RegisterValue(typed, 1)
				continue
			}
			r.RegisterValue(typed, s.version)
			for from, up := range s.up {
				r.RegisterUpcaster(typed.EventType(), from, up)
			}
		}
	}
	return r
}

// withField is an upcaster that adds a field the older version lacked,
// with the value that says it was not recorded.
func withField(name string, value any) events.Upcaster {
	return func(payload json.RawMessage) (json.RawMessage, error) {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(payload, &m); err != nil {
			return nil, fmt.Errorf("upcast: %w", err)
		}
		if _, ok := m[name]; !ok {
			v, err := json.Marshal(value)
			if err != nil {
				return nil, fmt.Errorf("upcast: %w", err)
			}
			m[name] = v
		}
		return json.Marshal(m)
	}
}
