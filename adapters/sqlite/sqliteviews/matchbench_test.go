package sqliteviews

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/match"
)

// BenchmarkMatch is the matching ingest does for one new claim: its lookup
// keys, the index read, and the scoring of the candidates found, against
// views holding 10 000 and then 100 000 claims. The index caps what one
// key yields, so the cost per claim stays flat as the ledger grows.
//
//	go test ./adapters/sqlite/sqliteviews -run '^$' -bench BenchmarkMatch -benchtime 2000x
func BenchmarkMatch(b *testing.B) {
	defer func() {
		for _, f := range benchCleanup {
			f()
		}
		benchCleanup = nil
	}()
	for _, n := range []int{10_000, 100_000} {
		var v *Views // built once: b.Run calls the function more than once
		b.Run(fmt.Sprintf("claims=%d", n), func(b *testing.B) {
			if v == nil {
				v = benchViews(b, n)
			}
			ctx := context.Background()
			probes := make([]match.Claim, 256)
			for i := range probes {
				probes[i] = matchClaimOf(syntheticClaim(n+i, rand.New(rand.NewPCG(uint64(i), 7))))
			}
			b.ResetTimer()
			candidates, suggested := 0, 0
			for i := 0; i < b.N; i++ {
				p := probes[i%len(probes)]
				cands, err := v.MatchCandidates(ctx, match.Lookup(p), 32)
				if err != nil {
					b.Fatal(err)
				}
				candidates += len(cands)
				for _, c := range cands {
					if _, ok := match.Score(p, matchClaimOf(c)); ok {
						suggested++
					}
				}
			}
			b.ReportMetric(float64(candidates)/float64(b.N), "candidates/claim")
			b.ReportMetric(float64(suggested)/float64(b.N), "suggestions/claim")
		})
	}
}

// benchViews are views holding n synthetic claims, written in one
// projection transaction: building them through the log would take the
// benchmark minutes and measure ingest, not matching.
func benchViews(b *testing.B, n int) *Views {
	b.Helper()
	dir, err := os.MkdirTemp("", "matchbench")
	if err != nil {
		b.Fatal(err)
	}
	store, err := sqlite.Open(sqlite.Config{Path: filepath.Join(dir, "events.db")})
	if err != nil {
		b.Fatal(err)
	}
	v, err := Open(store, filepath.Join(dir, "views.db"))
	if err != nil {
		b.Fatal(err)
	}
	benchCleanup = append(benchCleanup, func() { v.Close(); store.Close(); os.RemoveAll(dir) })
	ctx := context.Background()
	tx, err := v.wdb.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	w := newViewTx(tx, v)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		c := syntheticClaim(i, rng)
		c.MatchKeys = match.Keys(matchClaimOf(c))
		if err := w.PutClaim(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.flush(ctx); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	// Fold the WAL into the file now, not behind the timed loop.
	if _, err := v.wdb.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	return v
}

// benchCleanup closes the views the benchmark built, once it is done.
var benchCleanup []func()

var (
	benchSubjects   = []string{"stimulus package", "fund", "budget", "deal", "loan", "plan", "programme", "investment", "subsidy", "bond"}
	benchCurrencies = []string{"USD", "EUR", "CNY", "GBP", "JPY", "INR"}
)

// syntheticClaim is a money claim of article i/5 with a value drawn from
// the sizes news reports (a million to a trillion, in round figures).
func syntheticClaim(i int, rng *rand.Rand) app.ClaimView {
	value := float64(1+rng.IntN(999)) * []float64{1e6, 1e9, 1e12}[rng.IntN(3)] / 10
	subject := benchSubjects[rng.IntN(len(benchSubjects))]
	cur := benchCurrencies[rng.IntN(len(benchCurrencies))]
	return app.ClaimView{ID: fmt.Sprintf("%016x-%02d", i/5, i%5), ArticleID: fmt.Sprintf("%016x", i/5), Kind: "money",
		Text: fmt.Sprintf("%g %s %s", value, cur, subject), Status: claim.StatusExtracted,
		Sentence:   fmt.Sprintf("Region %d announced a %g %s %s for ports and rail on day %d.", i%97, value, cur, subject, i%31),
		Normalized: map[string]any{"value": value, "unit": cur, "subject": subject}}
}

func matchClaimOf(v app.ClaimView) match.Claim {
	return match.Claim{ID: v.ID, ArticleID: v.ArticleID, Kind: v.Kind, Text: v.Text, Sentence: v.Sentence,
		Speaker: v.Speaker, Normalized: v.Normalized}
}
