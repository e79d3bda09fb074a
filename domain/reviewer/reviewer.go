// Package reviewer is the people who use ClaimLedger: their roles, what each
// role may do, and the bearer tokens they authenticate with. Tokens live in
// the reviewer's stream, so issuing and revoking one is audited like every
// other change.
package reviewer

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
)

// Reviewer is a registered person, built only by Apply.
type Reviewer struct {
	id      string
	name    string
	role    Role
	tokens  map[string]Token
	version int
}

// Token is one issued token. Only the hash of its secret is known.
type Token struct {
	ID      string
	Hash    string
	Revoked bool
}

// FromHistory rebuilds a reviewer from its stream, oldest event first;
// events may be values or pointers. An empty stream is an ErrHistory: the
// app answers "not found" before asking.
func FromHistory(events []any) (*Reviewer, error) {
	if len(events) == 0 {
		return nil, fmt.Errorf("reviewer: rehydrate: %w: no events", ErrHistory)
	}
	r := &Reviewer{}
	for i, e := range events {
		if err := r.Apply(e); err != nil {
			return nil, fmt.Errorf("reviewer: rehydrate: event %d of %d: %w", i+1, len(events), err)
		}
	}
	return r, nil
}

// Apply folds one event into the reviewer, the only code that changes one.
// An event that does not fit (not opened by Registered, a token issued twice
// or revoked before it was issued) is an ErrHistory and changes nothing.
func (r *Reviewer) Apply(e any) error {
	if v := reflect.ValueOf(e); v.Kind() == reflect.Pointer && !v.IsNil() {
		e = v.Elem().Interface() // the event registry decodes into pointers
	}
	if _, opening := e.(Registered); opening != (r.version == 0) {
		return fmt.Errorf("%w: %T at version %d", ErrHistory, e, r.version)
	}
	switch e := e.(type) {
	case Registered:
		r.id, r.name, r.role = e.ReviewerID, e.Name, e.Role
		r.tokens = map[string]Token{}
	case TokenIssued:
		if _, ok := r.tokens[e.TokenID]; ok {
			return fmt.Errorf("%w: token %s issued twice", ErrHistory, e.TokenID)
		}
		r.tokens[e.TokenID] = Token{ID: e.TokenID, Hash: e.TokenHash}
	case TokenRevoked:
		t, ok := r.tokens[e.TokenID]
		if !ok || t.Revoked {
			return fmt.Errorf("%w: token %s revoked but not live", ErrHistory, e.TokenID)
		}
		t.Revoked = true
		r.tokens[e.TokenID] = t
	default:
		return fmt.Errorf("%w: %T is not a reviewer event", ErrHistory, e)
	}
	r.version++
	return nil
}

// ID is the reviewer's id.
func (r *Reviewer) ID() string { return r.id }

// Name is the reviewer's name, as it appears on their votes.
func (r *Reviewer) Name() string { return r.name }

// Role is what the reviewer may do.
func (r *Reviewer) Role() Role { return r.role }

// Version is the number of events applied.
func (r *Reviewer) Version() int { return r.version }

// Tokens returns every token issued, revoked ones included, sorted by id.
func (r *Reviewer) Tokens() []Token {
	out := make([]Token, 0, len(r.tokens))
	for _, id := range slices.Sorted(maps.Keys(r.tokens)) {
		out = append(out, r.tokens[id])
	}
	return out
}

// Token returns the token with id, if it was ever issued.
func (r *Reviewer) Token(id string) (Token, bool) {
	t, ok := r.tokens[id]
	return t, ok
}
