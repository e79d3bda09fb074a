// Package viewstest is the conformance suite every views adapter runs: each
// subtest states one promise of the views' port (app/viewport.go) and checks
// it through the real commands and projector against fresh views.
//
// An adapter's test calls Run:
//
//	func TestViews(t *testing.T) {
//		viewstest.Run(t, func(t *testing.T) (app.Store, app.Views) {
//			store := memory.New()
//			return store, memviews.New(store, nil)
//		})
//	}
package viewstest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
)

// Opener returns a new, empty event store and new views fed from it. The
// adapter closes both when the test ends (t.Cleanup); Run must not be
// running on the views yet.
type Opener func(t *testing.T) (app.Store, app.Views)

// Run checks every promise of the views' port against views that open
// opens.
func Run(t *testing.T, open Opener) {
	t.Helper()
	t.Run("ReadsWhatWasProjected", func(t *testing.T) { testReads(t, open) })
	t.Run("FiltersAndPaging", func(t *testing.T) { testPaging(t, open) })
	t.Run("ClaimsInTextOrder", func(t *testing.T) { testClaimsInTextOrder(t, open) })
	t.Run("FailedTransactionLeavesNothing", func(t *testing.T) { testFailedTransaction(t, open) })
	t.Run("AccessVersion", func(t *testing.T) { testAccessVersion(t, open) })
	t.Run("RebuildGivesIdenticalRows", func(t *testing.T) { testRebuild(t, open) })
	t.Run("WaitApplied", func(t *testing.T) { testWaitApplied(t, open) })
	t.Run("Provenance", func(t *testing.T) { testProvenance(t, open) })
	t.Run("Matches", func(t *testing.T) { testMatches(t, open) })
}

// waitLimit bounds every wait for the views, so broken views fail the test
// instead of hanging it.
const waitLimit = 10 * time.Second

// admin is the first admin, as Bootstrap creates it.
var admin = app.Actor{ID: app.AdminName, Role: reviewer.RoleAdmin}

// fixture is a store, its views, and the commands and queries on them.
type fixture struct {
	store app.Store
	views app.Views
	cmds  *app.Commands
	qs    *app.Queries
	reg   *events.Registry
	proj  *app.Projector
}

func newFixture(t *testing.T, open Opener) *fixture {
	t.Helper()
	f := &fixture{reg: app.NewRegistry()}
	f.store, f.views = open(t)
	var err error
	if f.cmds, err = app.NewCommands(f.store, f.reg, claim.Policy{Quorum: 2}); err != nil {
		t.Fatal(err)
	}
	f.qs = app.NewQueries(f.views, f.store)
	f.proj = app.NewProjector(f.store, f.reg)
	if _, err := f.cmds.Bootstrap(t.Context(), func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	return f
}

// run starts projecting with p (f.proj when nil); stop ends it and checks
// that Run returned nil.
func (f *fixture) run(t *testing.T, p *app.Projector) (stop func()) {
	t.Helper()
	if p == nil {
		p = f.proj
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.views.Run(ctx, p) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run after its context ended = %v, want nil", err)
		}
	}
	t.Cleanup(stop)
	return stop
}

// caughtUp waits until the views reflect the whole log.
func (f *fixture) caughtUp(t *testing.T) uint64 {
	t.Helper()
	head, _, err := f.store.Head(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), waitLimit)
	defer cancel()
	if err := f.views.WaitApplied(ctx, head); err != nil {
		t.Fatalf("views at %d, the log's head %d after %v: %v", f.views.Applied(), head, waitLimit, err)
	}
	return head
}

func (f *fixture) register(t *testing.T, name string, role reviewer.Role) app.Issued {
	t.Helper()
	iss, err := f.cmds.RegisterReviewer(t.Context(), admin, "reg-"+name, name, role)
	if err != nil {
		t.Fatalf("register %s: %v", name, err)
	}
	return iss
}

func (f *fixture) ingest(t *testing.T, requestID, article string) app.Ingested {
	t.Helper()
	title, body, _ := strings.Cut(article, "\n")
	in, err := f.cmds.IngestArticle(t.Context(), admin, app.IngestArticle{RequestID: requestID, Title: title,
		Body: []byte(body), Published: "2026-03-03"})
	if err != nil {
		t.Fatalf("ingest %s: %v", requestID, err)
	}
	if len(in.ClaimIDs) < 2 {
		t.Fatalf("ingest %s: %d claims extracted, the suite needs at least 2", requestID, len(in.ClaimIDs))
	}
	return in
}

func (f *fixture) vote(t *testing.T, who, requestID, claimID string, verdict claim.Verdict) app.Written {
	t.Helper()
	v := claim.Vote{Verdict: verdict, Evidence: []string{"https://example.org/minutes"}}
	if verdict == claim.VerdictDispute {
		v.Reason = claim.ReasonWrongValue
	}
	w, err := f.cmds.SubmitReview(t.Context(), app.Actor{ID: who, Role: reviewer.RoleReviewer}, app.Mutation{RequestID: requestID, ClaimID: claimID}, v)
	if err != nil {
		t.Fatalf("%s votes %s on %s: %v", who, verdict, claimID, err)
	}
	return w
}
