package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/claimledger/claimledger/domain/reviewer"
)

// ErrReviewerExists: a reviewer of that name is already registered.
var ErrReviewerExists = errors.New("reviewer already registered")

// Issued is a new token. Secret is shown once and never recorded.
type Issued struct {
	Written
	ReviewerID string
	TokenID    string
	Credential string // "<token id>.<secret>", what a client sends as its bearer token
}

// RegisterReviewer registers a person under their name, which is also their
// id, and issues their first token in the same append.
func (c *Commands) RegisterReviewer(ctx context.Context, actor Actor, requestID, name string, role reviewer.Role) (Issued, error) {
	tokenID, secret := newToken()
	w, err := c.execute(ctx, actor, newRequest(requestID, "register", name, role), reviewerStream(name), nil, registerWithToken(name, role, actor, tokenID, secret))
	if err != nil {
		return Issued{}, err
	}
	if w.Replayed { // the secret of the first attempt was shown then, not now
		return Issued{Written: w, ReviewerID: name}, nil
	}
	return Issued{Written: w, ReviewerID: name, TokenID: tokenID, Credential: Credential(tokenID, secret)}, nil
}

// IssueToken gives a registered reviewer another token.
func (c *Commands) IssueToken(ctx context.Context, actor Actor, requestID, reviewerID string, expected *uint64) (Issued, error) {
	tokenID, secret := newToken()
	w, err := c.onReviewer(ctx, actor, newRequest(requestID, "issue", reviewerID), reviewerID, expected, func(r *reviewer.Reviewer) ([]any, error) {
		return r.IssueToken(tokenID, reviewer.HashSecret(secret), actor.ID)
	})
	if err != nil || w.Replayed {
		return Issued{Written: w, ReviewerID: reviewerID}, err
	}
	return Issued{Written: w, ReviewerID: reviewerID, TokenID: tokenID, Credential: Credential(tokenID, secret)}, nil
}

// RevokeToken revokes a token; the reviewer is found from the token id.
func (c *Commands) RevokeToken(ctx context.Context, actor Actor, requestID, reviewerID, tokenID, reason string, expected *uint64) (Written, error) {
	return c.onReviewer(ctx, actor, newRequest(requestID, "revoke", reviewerID, tokenID, reason), reviewerID, expected, func(r *reviewer.Reviewer) ([]any, error) {
		return r.RevokeToken(tokenID, actor.ID, reason)
	})
}

func (c *Commands) onReviewer(ctx context.Context, actor Actor, rq request, id string, expected *uint64, decide func(*reviewer.Reviewer) ([]any, error)) (Written, error) {
	return c.execute(ctx, actor, rq, reviewerStream(id), expected, func(st *streamState) ([]any, error) {
		history := st.history
		if len(history) == 0 {
			return nil, notFound("reviewer", id)
		}
		r, err := reviewer.FromHistory(history)
		if err != nil {
			return nil, err
		}
		return decide(r)
	})
}

// AdminName is the reviewer the first start creates.
const AdminName = "admin"

// Bootstrap creates the first admin and returns its credential, or "" when
// an admin was created before. save is called with the credential before
// anything is recorded, so a failure to save leaves nothing behind that
// nobody could log in to.
func (c *Commands) Bootstrap(ctx context.Context, save func(credential string) error) (string, error) {
	history, _, err := c.load(ctx, reviewerStream(AdminName))
	if err != nil || len(history) > 0 {
		return "", err
	}
	tokenID, secret := newToken()
	cred := Credential(tokenID, secret)
	if err := save(cred); err != nil {
		return "", err
	}
	_, err = c.execute(ctx, System, request{}, reviewerStream(AdminName), nil, registerWithToken(AdminName, reviewer.RoleAdmin, System, tokenID, secret))
	return cred, err
}

// registerWithToken opens a reviewer's stream with their first token.
func registerWithToken(name string, role reviewer.Role, by Actor, tokenID, secret string) decision {
	return func(st *streamState) ([]any, error) {
		history := st.history
		if len(history) > 0 {
			return nil, fmt.Errorf("%w: %s", ErrReviewerExists, name)
		}
		evs, err := reviewer.Register(reviewer.RegisterCommand{ReviewerID: name, Name: name, Role: role, By: by.ID})
		if err != nil {
			return nil, err
		}
		r, err := reviewer.FromHistory(evs)
		if err != nil {
			return nil, err
		}
		more, err := r.IssueToken(tokenID, reviewer.HashSecret(secret), by.ID)
		return append(evs, more...), err
	}
}
