package pgviews_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/adapters/postgres/pgviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/app/viewstest"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// replica is one claimsd's share of a shared database: its own store
// (pool) on the shared log and its own views on the shared views schema.
type replica struct {
	store *postgres.Store
	views *pgviews.Views
	cmds  *app.Commands
	proj  *app.Projector
}

func newReplica(t *testing.T, dsn, logSchema, viewsSchema string, poll time.Duration) *replica {
	t.Helper()
	store, err := postgres.Open(postgres.Config{DSN: dsn, Schema: logSchema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	reg := app.NewRegistry()
	r := &replica{store: store, proj: app.NewProjector(store, reg)}
	r.views = openConfig(t, pgviews.Config{DSN: dsn, Schema: viewsSchema, Poll: poll}, store)
	if r.cmds, err = app.NewCommands(store, reg, claim.Policy{Quorum: 2}); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestReplicas: two processes' views on one schema. One projects, the
// other follows: its Applied and AccessVersion move on the projector's
// notification (its poll is too slow to explain it), and it reads the same
// rows. When the projector stops, the other takes over; when the
// projector's session is killed, a replica takes over from the checkpoint
// and every event is applied once; a Rebuild on one replica is carried out by the
// other's projector.
func TestReplicas(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := t.Context()
	logSchema, viewsSchema := pgtest.NewSchema(t, dsn), pgtest.NewSchema(t, dsn)
	a := newReplica(t, dsn, logSchema, viewsSchema, 100*time.Millisecond)
	b := newReplica(t, dsn, logSchema, viewsSchema, time.Minute) // follows by notification only
	stopA := running(t, a.views, a.proj)
	eventually(t, "a projects", a.views.Projecting)
	running(t, b.views, b.proj)
	if _, err := b.cmds.Bootstrap(ctx, func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	access := b.views.AccessVersion()
	if _, err := b.cmds.RegisterReviewer(ctx, admin, "reg-ana", ana.ID, ana.Role); err != nil {
		t.Fatal(err)
	}
	ingest(t, b.cmds, 0)
	head := waitHead(t, b.store, b.views) // within 20 s, its poll is a minute
	if b.views.Projecting() {
		t.Fatal("both replicas project")
	}
	if b.views.AccessVersion() == access {
		t.Error("the follower's access version did not move with a registration")
	}
	waitHead(t, a.store, a.views)
	if ra, rb := reads(t, app.NewQueries(a.views, a.store), a.views.ClaimsByStatus), reads(t, app.NewQueries(b.views, b.store), b.views.ClaimsByStatus); ra != rb {
		t.Errorf("the replicas read differently at %d:\n%s", head, firstDiff(ra, rb))
	}

	// The projector stops: a follower with a short poll takes over.
	c := newReplica(t, dsn, logSchema, viewsSchema, 100*time.Millisecond)
	running(t, c.views, c.proj)
	stopA()
	eventually(t, "c takes over", c.views.Projecting)
	ingest(t, a.cmds, 1)
	waitHead(t, b.store, b.views)
	waitHead(t, c.store, c.views)

	// The projector's session dies (as with its process): a replica takes
	// over, c again or a, and every event is applied once.
	running(t, a.views, a.proj)
	pgtest.Exec(t, dsn, "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"+
		" AND objid::bigint = (hashtext('claimledger.views.' || '"+viewsSchema+"')::bigint & 4294967295)")
	vote(t, b.cmds, ana, "v-after-kill", firstClaim(t, b.views))
	ingest(t, c.cmds, 2)
	waitHead(t, a.store, a.views)
	waitHead(t, c.store, c.views)
	head = waitHead(t, b.store, b.views)
	if a.views.Projecting() == c.views.Projecting() || b.views.Projecting() {
		t.Errorf("projecting after the kill: a %v, b %v, c %v; want one of a and c",
			a.views.Projecting(), b.views.Projecting(), c.views.Projecting())
	}
	live := reads(t, app.NewQueries(b.views, b.store), b.views.ClaimsByStatus)

	// A Rebuild on b, while a projects: a finds the checkpoint rewound and
	// projects the log again, b follows it to the head.
	if err := b.views.Rebuild(ctx, b.proj); err != nil {
		t.Fatal(err)
	}
	if got := b.views.Applied(); got != head {
		t.Errorf("b at %d after Rebuild, the head is %d", got, head)
	}
	if got := reads(t, app.NewQueries(b.views, b.store), b.views.ClaimsByStatus); got != live {
		t.Errorf("the views differ from their rebuild (an event applied twice or lost?):\n%s", firstDiff(live, got))
	}
}

// eventually waits up to 20 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after 20s", what)
		}
	}
}

// ingest records viewstest.Articles[i].
func ingest(t *testing.T, c *app.Commands, i int) app.Ingested {
	t.Helper()
	in, err := c.IngestArticle(t.Context(), admin, articleInput(i))
	if err != nil {
		t.Fatalf("ingest %d: %v", i, err)
	}
	return in
}

func articleInput(i int) app.IngestArticle {
	title, body, _ := strings.Cut(viewstest.Articles[i], "\n")
	return app.IngestArticle{RequestID: fmt.Sprint("ingest-", i), Title: title, Body: []byte(body), Published: "2026-03-03"}
}

func vote(t *testing.T, c *app.Commands, who app.Actor, requestID, claimID string) {
	t.Helper()
	v := claim.Vote{Verdict: claim.VerdictConfirm, Evidence: []string{"https://example.org/minutes"}}
	if _, err := c.SubmitReview(t.Context(), who, app.Mutation{RequestID: requestID, ClaimID: claimID}, v); err != nil {
		t.Fatal(err)
	}
}

func firstClaim(t *testing.T, v app.ClaimReader) string {
	t.Helper()
	cs, err := v.Claims(context.WithoutCancel(t.Context()), app.ClaimFilter{}, "", 1)
	if err != nil || len(cs) == 0 {
		t.Fatalf("Claims = %d, %v", len(cs), err)
	}
	return cs[0].ID
}
