package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/memory/memviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// TestCommands_twoProcessesOnOneLog: two command handlers on one log, as
// two claimsd on one database are. Each caches the streams it wrote; a
// refusal decided from a state the other handler has moved on since is
// decided again from the store, so revoking, through one, a token issued
// through the other works.
func TestCommands_twoProcessesOnOneLog(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a, b := newCommands(t, s, 1), newCommands(t, s, 1)
	admin := app.Actor{ID: "admin", Role: reviewer.RoleAdmin}
	reg, err := a.RegisterReviewer(ctx, admin, "reg", "ana", reviewer.RoleReviewer)
	if err != nil {
		t.Fatal(err)
	}
	// b writes to ana's stream: a's cached state of it is stale now.
	issued, err := b.IssueToken(ctx, admin, "issue", reg.ReviewerID, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := a.RevokeToken(ctx, admin, "revoke", reg.ReviewerID, issued.TokenID, "left", nil)
	if err != nil {
		t.Fatalf("revoke through a a token issued through b: %v", err)
	}
	if w.Version != 4 {
		t.Errorf("ana's stream at version %d after register (and its first token), issue and revoke, want 4", w.Version)
	}
	// A refusal that stands is still given: the token is revoked already.
	if _, err := a.RevokeToken(ctx, admin, "revoke-again", reg.ReviewerID, issued.TokenID, "left", nil); err == nil {
		t.Error("revoking a revoked token again: no error")
	}
}

// TestQueries_tokenIssuedElsewhereIsFoundOnceTheViewsCatchUp: a token
// written to the log but not yet in these views (issued a moment ago,
// through another server on the same log) is looked up again once the
// views reach the log's head, by authentication and by Token, rather than
// refused as unknown; a token that is nowhere stays unknown.
func TestQueries_tokenIssuedElsewhereIsFoundOnceTheViewsCatchUp(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := newCommands(t, s, 1)
	admin := app.Actor{ID: "admin", Role: reviewer.RoleAdmin}
	reg, err := c.RegisterReviewer(ctx, admin, "reg", "ana", reviewer.RoleReviewer)
	if err != nil {
		t.Fatal(err)
	}
	views := memviews.New(s, nil)
	q := app.NewQueries(views, s)
	// The projector starts late, as a replica's views lag a write made
	// through another one.
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	t.Cleanup(func() { stop(); <-done })
	go func() {
		defer close(done)
		time.Sleep(100 * time.Millisecond)
		views.Run(runCtx, app.NewProjector(s, app.NewRegistry()))
	}()
	actor, ok, err := q.Authenticate(ctx, reg.Credential)
	if err != nil || !ok || actor.ID != "ana" {
		t.Fatalf("authenticate a token the views did not have yet: %v %v %v", actor, ok, err)
	}
	if tok, ok, err := q.Token(ctx, reg.TokenID); err != nil || !ok || tok.ReviewerID != "ana" {
		t.Errorf("token view: %v %v %v", tok, ok, err)
	}
	if _, ok, err := q.Authenticate(ctx, "tnosuchtoken.secret"); ok || err != nil {
		t.Errorf("an unknown token: %v %v", ok, err)
	}
}
