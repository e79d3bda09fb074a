package viewstest

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
)

// flaky is the log as the projector reads it: while failing is set,
// reading a reviewer's stream fails, so projecting a reviewer's event
// fails after the events before it in its transaction were applied.
type flaky struct {
	app.Store
	failing atomic.Bool
	refused atomic.Int32
}

func (s *flaky) ReadStream(ctx context.Context, id string, opts events.ReadStreamOptions) ([]events.Envelope, error) {
	if s.failing.Load() && strings.HasPrefix(id, "reviewer-") {
		s.refused.Add(1)
		return nil, errors.New("viewstest: reading refused")
	}
	return s.Store.ReadStream(ctx, id, opts)
}

// testFailedTransaction: the checkpoint commits with the view rows. While
// an event fails to project, the views never reach it, and what they show
// is exactly what their checkpoint says they applied: a vote projected in
// the transaction that failed is not seen, nor counted in its reviewer's
// activity. Once the event projects, everything is there exactly once.
func testFailedTransaction(t *testing.T, open Opener) {
	f := newFixture(t, open)
	src := &flaky{Store: f.store}
	p := app.NewProjector(src, f.reg)
	stop := f.run(t, p)
	ctx := t.Context()
	f.register(t, "ana", reviewer.RoleReviewer)
	in := f.ingest(t, "ingest-0", Articles[0])
	target := in.ClaimIDs[0]
	f.caughtUp(t)
	stop()
	claimBefore, _, _ := f.views.Claim(ctx, target)
	anaBefore, _, _ := f.views.Reviewer(ctx, "ana")

	// A vote, then an event that fails: with the projector stopped, both
	// wait in the log for the next transaction.
	src.failing.Store(true)
	vote := f.vote(t, "ana", "v-ana", target, claim.VerdictConfirm)
	zed := f.register(t, "zed", reviewer.RoleReviewer)
	submitted := positionOf(t, f.store, "claim-"+target, claim.TypeReviewSubmitted)
	f.run(t, p)
	for deadline := time.Now().Add(waitLimit); src.refused.Load() < 2; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the projector tried the failing event %d times in %v, want a retry", src.refused.Load(), waitLimit)
		}
	}

	applied := f.views.Applied()
	if applied >= zed.Position {
		t.Fatalf("views applied up to %d, past the event at %d that fails to project", applied, zed.Position)
	}
	c, _, err := f.views.Claim(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := f.views.Reviewer(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if applied < submitted {
		t.Logf("the failed transaction held the vote at %d too (applied %d)", submitted, applied)
		if mustJSON(t, c) != mustJSON(t, claimBefore) || r.Votes != anaBefore.Votes {
			t.Errorf("views at %d, before the vote at %d, show it: claim status %s with %d votes, ana's votes %d (were %d)",
				applied, submitted, c.Status, len(c.Votes), r.Votes, anaBefore.Votes)
		}
	} else if len(c.Votes) != 1 || r.Votes != anaBefore.Votes+1 {
		t.Errorf("views at %d, past the vote at %d: claim has %d votes, ana %d (were %d); want the vote once",
			applied, submitted, len(c.Votes), r.Votes, anaBefore.Votes)
	}
	if _, ok, err := f.views.Reviewer(ctx, "zed"); ok || err != nil {
		t.Errorf("Reviewer(zed) = %v, %v while their registration fails to project", ok, err)
	}
	if _, ok, err := f.views.Token(ctx, zed.TokenID); ok || err != nil {
		t.Errorf("Token of zed = %v, %v while their registration fails to project", ok, err)
	}

	src.failing.Store(false)
	f.caughtUp(t)
	c, _, _ = f.views.Claim(ctx, target)
	r, _, _ = f.views.Reviewer(ctx, "ana")
	if mustJSON(t, c) != mustJSON(t, *vote.Claim) || r.Votes != anaBefore.Votes+1 {
		t.Errorf("after the retry: claim %s with %d votes, ana's votes %d; want the command's view and %d votes",
			c.Status, len(c.Votes), r.Votes, anaBefore.Votes+1)
	}
	if _, ok, err := f.views.Token(ctx, zed.TokenID); !ok || err != nil {
		t.Errorf("Token of zed after the retry = %v, %v; want it", ok, err)
	}
}

// positionOf is the position of the stream's last event of type typ.
func positionOf(t *testing.T, store events.Store, stream, typ string) uint64 {
	t.Helper()
	evs, err := store.ReadStream(t.Context(), stream, events.ReadStreamOptions{Backward: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type == typ {
			return e.Position
		}
	}
	t.Fatalf("stream %s has no %s event", stream, typ)
	return 0
}
