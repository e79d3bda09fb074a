package reviewer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/claimledger/claimledger/domain/internal/field"
	"strings"
	"unicode/utf8"
)

// Limits on input.
const (
	MaxNameBytes   = 100
	MaxIDBytes     = 128
	MaxReasonBytes = 4000
)

// RegisterCommand is a person to register.
type RegisterCommand struct {
	ReviewerID string
	Name       string
	Role       Role
	By         string
}

// Register returns the Registered event that opens a reviewer's stream.
// Every problem is reported at once. Uniqueness of the name is the app's
// check against its view; a second registration of the same id is refused by
// the store (expected version 0).
func Register(cmd RegisterCommand) ([]any, error) {
	errs := []error{checkID("reviewer_id", cmd.ReviewerID), checkName(cmd.Name), checkID("by", cmd.By)}
	if !cmd.Role.Valid() {
		errs = append(errs, invalid("role", "unknown role %q (want reviewer, editor, auditor or admin)", cmd.Role))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("reviewer %s: register: %w", cmd.ReviewerID, err)
	}
	return []any{Registered{ReviewerID: cmd.ReviewerID, Name: cmd.Name, Role: cmd.Role, By: cmd.By}}, nil
}

// HashSecret is the hex SHA-256 of a token's secret: what TokenIssued
// stores and what the authentication interceptor looks up. A plain hash
// is enough because secrets are random, not passwords.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// IssueToken records a new token for the reviewer by the hash of its
// secret. A token id or hash this reviewer already has is ErrTokenExists.
func (r *Reviewer) IssueToken(tokenID, tokenHash, by string) ([]any, error) {
	const op = "issue token"
	err := errors.Join(checkID("token_id", tokenID), checkHash(tokenHash), checkID("by", by))
	switch {
	case err != nil:
	case r.version == 0:
		err = ErrNotRegistered
	default:
		for _, t := range r.tokens {
			if t.ID == tokenID || t.Hash == tokenHash {
				err = fmt.Errorf("%w: token %s", ErrTokenExists, t.ID)
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("reviewer %s: %s: %w", r.id, op, err)
	}
	return []any{TokenIssued{TokenID: tokenID, ReviewerID: r.id, TokenHash: tokenHash, By: by}}, nil
}

// RevokeToken ends one of the reviewer's tokens. Revoking twice is
// ErrTokenRevoked rather than a silent success, so the caller learns the
// token was already dead (and by the log, since when).
func (r *Reviewer) RevokeToken(tokenID, by, reason string) ([]any, error) {
	const op = "revoke token"
	err := errors.Join(checkID("token_id", tokenID), checkID("by", by), checkReason(reason))
	if err == nil {
		t, ok := r.tokens[tokenID]
		switch {
		case r.version == 0:
			err = ErrNotRegistered
		case !ok:
			err = fmt.Errorf("%w: %s", ErrUnknownToken, tokenID)
		case t.Revoked:
			err = fmt.Errorf("%w: %s", ErrTokenRevoked, tokenID)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("reviewer %s: %s: %w", r.id, op, err)
	}
	return []any{TokenRevoked{TokenID: tokenID, By: by, Reason: reason}}, nil
}

// checkName allows ASCII letters, digits and ._- only: names identify
// reviewers on votes and in audits, where look-alike Unicode letters would
// let two people appear as one.
func checkName(s string) error {
	switch {
	case s == "":
		return invalid("name", "required")
	case len(s) > MaxNameBytes:
		return invalid("name", "longer than %d bytes", MaxNameBytes)
	}
	for _, c := range []byte(s) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return invalid("name", "%q: only ASCII letters, digits, '.', '_' and '-'", s)
		}
	}
	return nil
}

func checkID(name, s string) error {
	if p := field.IDProblem(s, MaxIDBytes); p != "" {
		return invalid(name, "%s", p)
	}
	return nil
}

// checkHash wants 64 lower-case hex digits, the only spelling HashSecret
// produces, so one secret can never be stored under two spellings.
func checkHash(s string) error {
	if len(s) != 2*sha256.Size || strings.Trim(s, "0123456789abcdef") != "" {
		return invalid("token_hash", "want 64 lower-case hex digits of a SHA-256")
	}
	return nil
}

func checkReason(s string) error {
	switch {
	case len(s) > MaxReasonBytes:
		return invalid("reason", "longer than %d bytes", MaxReasonBytes)
	case !utf8.ValidString(s):
		return invalid("reason", "not valid UTF-8")
	}
	return nil
}
