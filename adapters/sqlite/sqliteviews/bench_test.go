package sqliteviews_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/adapters/sqlite/sqliteviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// BenchmarkProjection rebuilds the verification views from a log of
// ingested articles and one review on each of their claims: the work the
// views do behind every ingest and every review, without the commands.
//
//	go test ./adapters/sqlite -run '^$' -bench BenchmarkProjection -benchtime 5x
func BenchmarkProjection(b *testing.B) {
	const claimsWanted = 3000
	ctx := context.Background()
	dir := b.TempDir()
	store, err := sqlite.Open(sqlite.Config{Path: filepath.Join(dir, "events.db")})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	reg := app.NewRegistry()
	cmds, err := app.NewCommands(store, reg, claim.Policy{Quorum: 2})
	if err != nil {
		b.Fatal(err)
	}
	editor := app.Actor{ID: "edna", Role: reviewer.RoleEditor}
	var claims []string
	for i := 0; len(claims) < claimsWanted; i++ {
		body := fmt.Sprintf("Province %d will spend %d.%d billion yuan ($%d million) on water projects, according to the 2024 provincial budget released on Monday.\n"+
			"The agency said the money would pay for %d kilometres of pipes over %d years.\n"+
			"Officials expect household water use to fall %d percent by 2030, and %d towns will get new treatment plants.\n",
			i, 2+i%7, i%10, 280+i, 100+i, 3+i%5, 5+i%20, 10+i)
		in, err := cmds.IngestArticle(ctx, editor, app.IngestArticle{RequestID: fmt.Sprint("a", i),
			Title: fmt.Sprintf("Province %d Sets Out 2025 Water Plan", i), Body: []byte(body), Published: "2025-01-13"})
		if err != nil {
			b.Fatal(err)
		}
		claims = append(claims, in.ClaimIDs...)
	}
	rita := app.Actor{ID: "rita", Role: reviewer.RoleReviewer}
	for i, id := range claims {
		if _, err := cmds.SubmitReview(ctx, rita, app.Mutation{RequestID: fmt.Sprint("v", i), ClaimID: id},
			claim.Vote{Verdict: claim.VerdictConfirm, Evidence: []string{"https://stats.example.gov/water"}}); err != nil {
			b.Fatal(err)
		}
	}
	head, _, err := store.Head(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		views, err := sqliteviews.Open(store, filepath.Join(dir, fmt.Sprintf("views-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		p := app.NewProjector(store, reg)
		b.StartTimer()
		if err := views.Rebuild(ctx, p); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if got := views.Applied(); got != head {
			b.Fatalf("views at %d after the rebuild, head %d", got, head)
		}
		views.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(head)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(len(claims))*float64(b.N)/b.Elapsed().Seconds(), "claims/s")
}
