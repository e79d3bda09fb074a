package match

// Event type names of an article's matching, as stored in the log. They are
// part of the stored format: never rename one.
const (
	TypeDeferred = "matching.deferred"
	TypeRan      = "matching.ran"
)

// Deferred records that an ingest recorded its claims without matching
// them, because the views it matches against had not caught up with the
// log in time. The article and its claims are in the log all the same; the
// matching runs later, once, and records Ran.
type Deferred struct {
	ArticleID string   `json:"article_id"`
	ClaimIDs  []string `json:"claim_ids"`
}

// EventType returns the stored type name.
func (Deferred) EventType() string { return TypeDeferred }

// Ran records that the deferred matching of an article ran, and how many
// suggestions it made; those are recorded with it, on the claims' streams.
type Ran struct {
	ArticleID   string `json:"article_id"`
	Suggestions int    `json:"suggestions"`
}

// EventType returns the stored type name.
func (Ran) EventType() string { return TypeRan }

// Events lists the zero value of every matching event type, for
// registration.
func Events() []any { return []any{Deferred{}, Ran{}} }
