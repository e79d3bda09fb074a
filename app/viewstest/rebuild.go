package viewstest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// testRebuild: emptying the views and projecting the whole log again, with
// a projector that starts with nothing cached, reads back the same rows.
func testRebuild(t *testing.T, open Opener) {
	f := newFixture(t, open)
	stop := f.run(t, nil)
	ctx := t.Context()
	f.register(t, "ana", reviewer.RoleReviewer)
	ben := f.register(t, "ben", reviewer.RoleReviewer)
	var ins []app.Ingested
	for i, a := range Articles[:2] {
		ins = append(ins, f.ingest(t, fmt.Sprint("ingest-", i), a))
	}
	f.vote(t, "ana", "v1", ins[0].ClaimIDs[0], claim.VerdictConfirm)
	f.vote(t, "ben", "v2", ins[0].ClaimIDs[0], claim.VerdictDispute)
	f.vote(t, "ana", "v3", ins[1].ClaimIDs[1], claim.VerdictConfirm)
	if _, err := f.cmds.RetractReview(ctx, app.Actor{ID: "ana", Role: reviewer.RoleReviewer},
		app.Mutation{RequestID: "r1", ClaimID: ins[1].ClaimIDs[1]}, "changed my mind"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.cmds.RevokeToken(ctx, admin, "revoke-ben", "ben", ben.TokenID, "left", nil); err != nil {
		t.Fatal(err)
	}
	head := f.caughtUp(t)
	stop()

	before := dump(t, f)
	if err := f.views.Rebuild(ctx, app.NewProjector(f.store, f.reg)); err != nil {
		t.Fatal(err)
	}
	if got := f.views.Applied(); got != head {
		t.Errorf("views at %d after Rebuild, the log's head is %d", got, head)
	}
	if after := dump(t, f); after != before {
		t.Errorf("rebuilt views differ:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// dump prints every row the readers give, in id order: claims, articles
// with their counts, reviewers with their activity, and their tokens.
func dump(t *testing.T, f *fixture) string {
	t.Helper()
	ctx := t.Context()
	var b strings.Builder
	claims, err := f.views.Claims(ctx, app.ClaimFilter{}, "", 100_000)
	if err != nil {
		t.Fatal(err)
	}
	arts, err := f.views.Articles(ctx, "", 100_000)
	if err != nil {
		t.Fatal(err)
	}
	reviewers, err := f.views.Reviewers(ctx, "", 100_000)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range claims {
		fmt.Fprintln(&b, mustJSON(t, c))
	}
	for _, a := range arts {
		fmt.Fprintln(&b, mustJSON(t, a))
	}
	for _, r := range reviewers {
		fmt.Fprintln(&b, mustJSON(t, r))
		for _, tok := range r.Tokens {
			got, ok, err := f.views.Token(ctx, tok.ID)
			if err != nil || !ok {
				t.Fatalf("Token(%s) of %s = %v, %v", tok.ID, r.ID, ok, err)
			}
			fmt.Fprintln(&b, mustJSON(t, got))
		}
	}
	return b.String()
}

// testWaitApplied: new views have applied nothing; WaitApplied waits until
// the views reach a position, or returns the context's error.
func testWaitApplied(t *testing.T, open Opener) {
	f := newFixture(t, open)
	head, _, err := f.store.Head(t.Context())
	if err != nil || head == 0 {
		t.Fatalf("Head after Bootstrap = %d, %v", head, err)
	}
	if got := f.views.Applied(); got != 0 {
		t.Errorf("new views applied %d before running", got)
	}
	short, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if err := f.views.WaitApplied(short, head); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitApplied(%d) with no projector running = %v, want the context's deadline", head, err)
	}
	f.run(t, nil)
	f.caughtUp(t)
	if got := f.views.Applied(); got != head {
		t.Errorf("Applied = %d after waiting for %d, with nothing else recorded", got, head)
	}
	if err := f.views.WaitApplied(short, head); err != nil {
		t.Errorf("WaitApplied(%d) once there = %v, want nil at once", head, err)
	}
}
