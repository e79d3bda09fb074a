package pgviews_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/adapters/postgres/pgviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// BenchmarkProjection rebuilds the PostgreSQL views from a log of about
// 3000 claims, each reviewed once (the log of sqliteviews'
// BenchmarkProjection): the work the views do behind every ingest and
// review, without the commands.
//
//	bash .ci/postgres.sh go test ./adapters/postgres/pgviews -run '^$' -bench BenchmarkProjection -benchtime 5x
func BenchmarkProjection(b *testing.B) {
	dsn := pgtest.DSN(b)
	ctx := context.Background()
	store, err := postgres.Open(postgres.Config{DSN: dsn, Schema: pgtest.NewSchema(b, dsn)})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	reg := app.NewRegistry()
	claims := waterLog(b, store, reg, 3000)
	head, _, err := store.Head(ctx)
	if err != nil {
		b.Fatal(err)
	}
	views, err := pgviews.Open(ctx, pgviews.Config{DSN: dsn, Schema: pgtest.NewSchema(b, dsn)}, store)
	if err != nil {
		b.Fatal(err)
	}
	defer views.Close()
	b.ResetTimer()
	for range b.N {
		if err := views.Rebuild(ctx, app.NewProjector(store, reg)); err != nil {
			b.Fatal(err)
		}
		if got := views.Applied(); got != head {
			b.Fatalf("views at %d after the rebuild, head %d", got, head)
		}
	}
	b.ReportMetric(float64(head)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(claims)*float64(b.N)/b.Elapsed().Seconds(), "claims/s")
}

// waterLog records articles of water budgets until they hold at least
// wanted claims, then one confirming vote on each claim; it returns how
// many claims it recorded.
func waterLog(b *testing.B, store app.Store, reg *events.Registry, wanted int) int {
	ctx := context.Background()
	cmds, err := app.NewCommands(store, reg, claim.Policy{Quorum: 2})
	if err != nil {
		b.Fatal(err)
	}
	editor := app.Actor{ID: "edna", Role: reviewer.RoleEditor}
	rita := app.Actor{ID: "rita", Role: reviewer.RoleReviewer}
	n := 0
	for i := 0; n < wanted; i++ {
		body := fmt.Sprintf("Province %d will spend %d.%d billion yuan ($%d million) on water projects, according to the 2024 provincial budget released on Monday.\n"+
			"The agency said the money would pay for %d kilometres of pipes over %d years.\n"+
			"Officials expect household water use to fall %d percent by 2030, and %d towns will get new treatment plants.\n",
			i, 2+i%7, i%10, 280+i, 100+i, 3+i%5, 5+i%20, 10+i)
		in, err := cmds.IngestArticle(ctx, editor, app.IngestArticle{RequestID: fmt.Sprint("a", i),
			Title: fmt.Sprintf("Province %d Sets Out 2025 Water Plan", i), Body: []byte(body), Published: "2025-01-13"})
		if err != nil {
			b.Fatal(err)
		}
		for _, id := range in.ClaimIDs {
			if _, err := cmds.SubmitReview(ctx, rita, app.Mutation{RequestID: "v" + id, ClaimID: id},
				claim.Vote{Verdict: claim.VerdictConfirm, Evidence: []string{"https://stats.example.gov/water"}}); err != nil {
				b.Fatal(err)
			}
		}
		n += len(in.ClaimIDs)
	}
	return n
}
