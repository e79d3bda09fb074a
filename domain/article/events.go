package article

// TypeIngested is the stored type name of Ingested; never rename it.
const TypeIngested = "article.ingested"

// Events lists the zero value of every article event type, for registration.
func Events() []any { return []any{Ingested{}} }

// Ingested records an article exactly as it was submitted. The body is kept
// in the event, not only its hash, because claim offsets index into it and
// an auditor must be able to find every claim in it again from the log alone.
type Ingested struct {
	ArticleID   string   `json:"article_id"`
	Title       string   `json:"title"`
	URL         string   `json:"url,omitempty"`
	Published   string   `json:"published,omitempty"` // YYYY-MM-DD
	ContentHash string   `json:"content_hash"`        // hex SHA-256 of Body's bytes
	Body        string   `json:"body"`
	ClaimIDs    []string `json:"claim_ids,omitempty"` // the claims extracted with it, in text order
	By          string   `json:"by"`
}

// EventType returns the stored type name.
func (Ingested) EventType() string { return TypeIngested }
