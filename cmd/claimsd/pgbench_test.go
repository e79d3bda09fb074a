package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/claimledger/claimledger/internal/pgtest"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc"
)

// BenchmarkReviewLoad_postgres measures review commands end to end on
// PostgreSQL: the callers and connections of BenchmarkReviewLoad, each call
// on a distinct claim, against one claimsd process on a fresh database,
// then against two on another fresh database with the connections (and so
// the callers) split evenly between them. Real processes, as an operator
// runs them; the load comes from this process.
//
//	bash .ci/postgres.sh go test ./cmd/claimsd -run '^$' -bench 'BenchmarkReviewLoad_postgres' -benchtime 2000x -count 3
func BenchmarkReviewLoad_postgres(b *testing.B) {
	base := pgtest.DSN(b)
	bin := buildClaimsd(b, b.TempDir())
	for _, n := range []int{1, 2} {
		b.Run("replicas="+strconv.Itoa(n), func(b *testing.B) { benchReplicaReviews(b, bin, base, n) })
	}
}

func benchReplicaReviews(b *testing.B, bin, base string, replicas int) {
	b.StopTimer()
	dsn := pgtest.NewDatabase(b, base)
	dir := b.TempDir()
	ps, admin := startReplicas(b, bin, dsn, dir, replicas)
	defer func() {
		for _, p := range ps {
			crashStop(b, p)
		}
	}()
	reg, err := pb.NewAdminServiceClient(ps[0].conn).RegisterReviewer(crashAs(context.Background(), admin),
		&pb.RegisterReviewerRequest{RequestId: "register-loadtester", Name: "loadtester", Role: pb.Role_ROLE_REVIEWER})
	if err != nil {
		b.Fatal(err)
	}
	token := reg.GetTokenSecret()
	// Connection i goes to replica i mod replicas, and caller c uses
	// connection c mod benchConns: the callers are split evenly.
	conns := make([]*grpc.ClientConn, benchConns)
	for i := range conns {
		conns[i] = dial(b, ps[i%replicas].addr)
		defer conns[i].Close()
	}
	claims := benchClaims(b, pb.NewArticleServiceClient(ps[0].conn), token, b.N)

	ctx := as(token)
	b.StartTimer()
	reviews := measure(b.N, func(caller, i int) error {
		_, err := pb.NewClaimServiceClient(conns[caller%benchConns]).SubmitReview(ctx, &pb.SubmitReviewRequest{
			RequestId: fmt.Sprintf("bench-vote-%d", i), ClaimId: claims[i], Verdict: pb.Verdict_VERDICT_CONFIRM,
			EvidenceUrls: []string{"https://stats.example.gov/water"}})
		return err
	})
	b.StopTimer()
	if reviews.err != nil {
		b.Fatalf("%v (logs in %s)", reviews.err, filepath.Join(dir, "replica-*.log"))
	}
	// The reviews are visible through every replica: a reviewed claim
	// reads as confirmed through each (a read without min_position waits
	// for the log's head).
	for i, p := range ps {
		got, err := pb.NewClaimServiceClient(p.conn).GetClaim(ctx, &pb.GetClaimRequest{Id: claims[b.N-1]})
		if err != nil {
			b.Fatalf("replica %d: %v", i, err)
		}
		if got.GetClaim().GetStatus() != pb.ClaimStatus_CLAIM_STATUS_CONFIRMED {
			b.Fatalf("replica %d: the last reviewed claim is %v, want confirmed", i, got.GetClaim().GetStatus())
		}
	}
	b.ReportMetric(float64(reviews.elapsed.Nanoseconds())/float64(b.N), "ns/op")
	b.ReportMetric(reviews.rate(), "reviews/s")
	b.ReportMetric(ms(reviews.pct(50)), "review-p50-ms")
	b.ReportMetric(ms(reviews.pct(99)), "review-p99-ms")
	b.ReportMetric(reviews.cpuPerCall(), "client-cpu-us")
}
