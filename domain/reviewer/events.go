package reviewer

// Stored type names; never rename one.
const (
	TypeRegistered   = "reviewer.registered"
	TypeTokenIssued  = "token.issued"
	TypeTokenRevoked = "token.revoked"
)

// Events lists the zero value of every reviewer event type, for registration.
func Events() []any { return []any{Registered{}, TokenIssued{}, TokenRevoked{}} }

// Registered opens a reviewer's stream.
type Registered struct {
	ReviewerID string `json:"reviewer_id"`
	Name       string `json:"name"`
	Role       Role   `json:"role"`
	By         string `json:"by"`
}

// TokenIssued records a bearer token by the hash of its secret. The secret
// itself is never in an event: the log is readable by auditors and exported,
// and a secret in it would be a secret forever.
type TokenIssued struct {
	TokenID    string `json:"token_id"`
	ReviewerID string `json:"reviewer_id"`
	TokenHash  string `json:"token_hash"` // hex SHA-256 of the secret
	By         string `json:"by"`
}

// TokenRevoked ends a token. Revocation is final: a new token is issued instead.
type TokenRevoked struct {
	TokenID string `json:"token_id"`
	By      string `json:"by"`
	Reason  string `json:"reason,omitempty"`
}

// EventType returns the stored type name.
func (Registered) EventType() string { return TypeRegistered }

// EventType returns the stored type name.
func (TokenIssued) EventType() string { return TypeTokenIssued }

// EventType returns the stored type name.
func (TokenRevoked) EventType() string { return TypeTokenRevoked }
