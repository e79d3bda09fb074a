package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/memory"
	"github.com/claimledger/claimledger/adapters/memory/memviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/app/viewstest"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// matchFixture is a ledger on the in-memory store and views, matching on.
type matchFixture struct {
	store *memory.Store
	views *memviews.Views
	cmds  *app.Commands
}

func newMatchFixture(t *testing.T) *matchFixture {
	t.Helper()
	f := newStoppedMatchFixture(t)
	t.Cleanup(f.project())
	return f
}

// newStoppedMatchFixture is a matchFixture whose projector is not running.
func newStoppedMatchFixture(t *testing.T) *matchFixture {
	t.Helper()
	f := &matchFixture{store: memory.New()}
	f.views = memviews.New(f.store, nil)
	var err error
	if f.cmds, err = app.NewCommands(f.store, app.NewRegistry(), claim.Policy{Quorum: 1}); err != nil {
		t.Fatal(err)
	}
	f.cmds.Matcher = f.views
	return f
}

// project runs the projector until the returned stop is called.
func (f *matchFixture) project() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.views.Run(ctx, app.NewProjector(f.store, app.NewRegistry())) }()
	return func() { cancel(); <-done }
}

func (f *matchFixture) ingest(t *testing.T, id, article string) app.Ingested {
	t.Helper()
	title, body, _ := strings.Cut(article, "\n")
	in, err := f.cmds.IngestArticle(t.Context(), app.Actor{ID: "ida", Role: reviewer.RoleReviewer},
		app.IngestArticle{RequestID: id, Title: title, Body: []byte(body)})
	if err != nil {
		t.Fatalf("ingest %s: %v", id, err)
	}
	f.wait(t)
	return in
}

func (f *matchFixture) wait(t *testing.T) {
	t.Helper()
	head, _, err := f.store.Head(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := f.views.WaitApplied(ctx, head); err != nil {
		t.Fatal(err)
	}
}

func (f *matchFixture) claimWith(t *testing.T, in app.Ingested, s string) app.ClaimView {
	t.Helper()
	for _, id := range in.ClaimIDs {
		if c, _, err := f.views.Claim(t.Context(), id); err == nil && strings.Contains(c.Text, s) {
			return c
		}
	}
	t.Fatalf("no claim with %q", s)
	return app.ClaimView{}
}

// An ingest retried records no second suggestion; an accept retried with
// its request id answers with the first result and records nothing.
func TestMatch_retries(t *testing.T) {
	f := newMatchFixture(t)
	f.ingest(t, "a", viewstest.MatchArticles[0])
	b := f.ingest(t, "b", viewstest.MatchArticles[1])
	head, _, _ := f.store.Head(t.Context())
	again := f.ingest(t, "b-again", viewstest.MatchArticles[1])
	if h, _, _ := f.store.Head(t.Context()); !again.AlreadyIngested || h != head {
		t.Fatalf("ingest again: already %v, head %d -> %d", again.AlreadyIngested, head, h)
	}
	stimB := f.claimWith(t, b, "¥2tn")
	other := string(stimB.Matches[0].OtherClaimID)
	rita := app.Actor{ID: "rita", Role: reviewer.RoleReviewer}
	m := app.Mutation{RequestID: "acc-1", ClaimID: stimB.ID}
	first, err := f.cmds.AcceptMatch(t.Context(), rita, m, other, "same")
	if err != nil {
		t.Fatal(err)
	}
	retry, err := f.cmds.AcceptMatch(t.Context(), rita, m, other, "same")
	if err != nil || !retry.Replayed || retry.Position != first.Position {
		t.Fatalf("accept retried = %+v, %v; want the first result replayed", retry, err)
	}
	if h, _, _ := f.store.Head(t.Context()); h != first.Position {
		t.Errorf("the retry wrote: head %d, first at %d", h, first.Position)
	}
}

// Reviewers deciding one pair at once: exactly one decision is recorded,
// the others are told there is no pending suggestion, and both claims
// agree on the outcome.
func TestMatch_concurrentDecisions(t *testing.T) {
	f := newMatchFixture(t)
	a := f.ingest(t, "a", viewstest.MatchArticles[0])
	b := f.ingest(t, "b", viewstest.MatchArticles[1])
	stimA, stimB := f.claimWith(t, a, "2 trillion"), f.claimWith(t, b, "¥2tn")
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			who := app.Actor{ID: fmt.Sprint("rev", i), Role: reviewer.RoleReviewer}
			id, other := stimA.ID, stimB.ID
			if i%2 == 1 { // from either side of the pair
				id, other = other, id
			}
			if i%3 == 0 {
				_, errs[i] = f.cmds.RejectMatch(t.Context(), who, app.Mutation{RequestID: fmt.Sprint("r", i), ClaimID: id}, other, "")
			} else {
				_, errs[i] = f.cmds.AcceptMatch(t.Context(), who, app.Mutation{RequestID: fmt.Sprint("a", i), ClaimID: id}, other, "")
			}
		}()
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, claim.ErrNoSuggestion):
			t.Errorf("decision %d: %v", i, err)
		}
	}
	if won != 1 {
		t.Fatalf("%d decisions recorded, want exactly 1", won)
	}
	f.wait(t)
	ca, _, _ := f.views.Claim(t.Context(), stimA.ID)
	cb, _, _ := f.views.Claim(t.Context(), stimB.ID)
	if ca.Matches[0].State != cb.Matches[0].State || ca.Matches[0].State == claim.MatchPending {
		t.Errorf("the two sides disagree: %s / %s", ca.Matches[0].State, cb.Matches[0].State)
	}
}

// Reviews on a claim while an article that matches it is ingested: every
// command succeeds (ingest decides again on the fresh stream), and the
// suggestion lands on both claims.
func TestMatch_ingestWhileTheMatchedClaimIsReviewed(t *testing.T) {
	f := newMatchFixture(t)
	a := f.ingest(t, "a", viewstest.MatchArticles[0])
	stimA := f.claimWith(t, a, "2 trillion")
	var wg sync.WaitGroup
	wg.Add(2)
	var ingestErr, reviewErr error
	go func() {
		defer wg.Done()
		title, body, _ := strings.Cut(viewstest.MatchArticles[1], "\n")
		_, ingestErr = f.cmds.IngestArticle(t.Context(), app.Actor{ID: "ida", Role: reviewer.RoleReviewer},
			app.IngestArticle{RequestID: "b", Title: title, Body: []byte(body)})
	}()
	go func() {
		defer wg.Done()
		for i := range 5 {
			who := app.Actor{ID: fmt.Sprint("rev", i), Role: reviewer.RoleReviewer}
			v := claim.Vote{Verdict: claim.VerdictConfirm, Evidence: []string{"https://example.org/x"}}
			if _, err := f.cmds.SubmitReview(t.Context(), who, app.Mutation{RequestID: fmt.Sprint("v", i), ClaimID: stimA.ID}, v); err != nil && !errors.Is(err, claim.ErrIllegalTransition) {
				reviewErr = err
			}
		}
	}()
	wg.Wait()
	if ingestErr != nil || reviewErr != nil {
		t.Fatalf("ingest %v, reviews %v", ingestErr, reviewErr)
	}
	f.wait(t)
	c, _, _ := f.views.Claim(t.Context(), stimA.ID)
	if len(c.Matches) != 1 || c.Matches[0].State != claim.MatchPending || len(c.Votes) == 0 {
		t.Fatalf("claim %s after the race: matches %+v, %d votes", c.ID, c.Matches, len(c.Votes))
	}
}
