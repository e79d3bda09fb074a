package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/postgres/pgviews"
	"github.com/claimledger/claimledger/internal/pgtest"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"github.com/jackc/pgx/v5"
	"google.golang.org/grpc"
)

// The replicas' crash test: two claimsd on one PostgreSQL database, clients
// writing through both, and one of them SIGKILLed again and again while
// the other serves on.

const (
	replicaCrashRounds      = 8 // kills in a default run
	replicaCrashRoundsShort = 3 // kills with -short
)

// pgViewTables are the views' tables the comparison reads, views_source
// (the checkpoint) apart.
var pgViewTables = []string{"claim_views", "claim_voters", "claim_match_keys", "claim_links", "claim_marks",
	"article_views", "reviewer_views", "tokens", "reviewer_activity"}

// TestCrash_killedReplicaLosesNoAcknowledgedWrite starts two claimsd on
// one database; four clients, two through each, ingest, vote and retract
// (quorum 3, on the same claims) for a random 100–400 ms, then one replica
// (each in turn) is SIGKILLed and started again while the clients of the
// other write on; 8 times (3 with -short). Then: the chain verifies up to
// the head; every acknowledged mutation is the event at the position it
// was acknowledged with, and in its claim's history exactly once; and the
// shared views, after all those kills (and the projector's moves from one
// replica to the other), equal row for row the views a replica builds
// from scratch when their schema is dropped.
func TestCrash_killedReplicaLosesNoAcknowledgedWrite(t *testing.T) {
	rounds := replicaCrashRounds
	if testing.Short() {
		rounds = replicaCrashRoundsShort
	}
	dsn := pgtest.NewDatabase(t, pgtest.DSN(t))
	began := time.Now()
	tmp := t.TempDir()
	bin := buildClaimsd(t, tmp)
	data, logs := filepath.Join(tmp, "data"), filepath.Join(tmp, "logs")
	for _, d := range []string{data, logs} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// One admin token file for both: only the replica that creates the
	// admin writes it.
	start := func(name string) *crashProc {
		return startProc(t, bin, filepath.Join(logs, name+".log"), "--db", dsn, "--admin-token-file", filepath.Join(data, "admin.token"),
			"--quorum", crashQuorum, "--drain-timeout", "5s", "--rate-limit", "0")
	}
	led := &crashLedger{live: map[string]map[string]bool{}}
	ps := [2]*crashProc{start("a-00"), start("b-00")}
	crashSetUp(t, ps[0], data, led)
	rs := crashReviewers(t, data)

	built := time.Now()
	for round := 1; round <= rounds; round++ {
		victim := round % 2
		replicaCrashRound(t, &ps, victim, round, rs, led, func() *crashProc {
			return start(fmt.Sprintf("%c-%02d", 'a'+victim, round))
		})
	}
	killed := time.Now()
	if len(led.odd) > 0 {
		t.Errorf("%d calls failed with an unexpected code, first: %s", len(led.odd), led.odd[0])
	}

	quiet := pgQuietHead(t, dsn)
	head := crashCheckLog(t, ps[0], data, led)
	if head != quiet {
		t.Errorf("the log moved from %d to %d with no client writing", quiet, head)
	}
	admin := crashAs(context.Background(), crashAdmin(t, data))
	if _, err := pb.NewClaimServiceClient(ps[1].conn).ListClaims(admin, &pb.ListClaimsRequest{PageSize: 1, MinPosition: head}); err != nil {
		t.Fatalf("the other replica at the head %d: %v", head, err)
	}
	for _, p := range ps {
		crashStop(t, p)
	}
	recovered := pgViewRows(t, dsn)

	// A rebuild: views whose schema is gone are projected again from the
	// whole log before the replica serves.
	pgtest.Exec(t, dsn, "DROP SCHEMA "+pgviews.DefaultSchema+" CASCADE")
	p := start("rebuilt")
	if _, err := pb.NewClaimServiceClient(p.conn).ListClaims(admin, &pb.ListClaimsRequest{PageSize: 1, MinPosition: head}); err != nil {
		t.Fatalf("list claims at the head %d after the rebuild: %v", head, err)
	}
	crashStop(t, p)
	rebuilt := pgViewRows(t, dsn)
	rows := 0
	for _, table := range append(slices.Clone(pgViewTables), "views_source") {
		got, want := recovered[table], rebuilt[table]
		rows += len(want)
		if !slices.Equal(got, want) {
			t.Errorf("views table %s: %d rows after the kills, %d rebuilt; first difference: %s", table, len(got), len(want), firstDiff(got, want))
		}
	}
	if len(rebuilt["claim_views"]) == 0 || len(rebuilt["reviewer_activity"]) == 0 {
		t.Errorf("the rebuilt views hold no claims or no activity: %d, %d rows", len(rebuilt["claim_views"]), len(rebuilt["reviewer_activity"]))
	}
	counts := map[string]int{}
	for _, a := range led.acks {
		counts[a.kind]++
	}
	t.Logf("%d kills in %v (build %v), checks %v: %d events, acknowledged %d ingests, %d reviews, %d retractions; %d view rows compared",
		rounds, killed.Sub(built).Round(time.Millisecond), built.Sub(began).Round(time.Millisecond), time.Since(killed).Round(time.Millisecond),
		head, counts["ingest"], counts["review"], counts["retract"], rows)
}

// replicaCrashRound has the clients write through both replicas, kills the
// victim after a random 100–400 ms, and starts it again while the other
// replica's clients write on; they stop once the victim serves again.
func replicaCrashRound(t *testing.T, ps *[2]*crashProc, victim, round int, rs []crashReviewer, led *crashLedger, restart func() *crashProc) {
	t.Helper()
	var ctxs [2]context.Context
	var cancels [2]context.CancelFunc
	dying := [2]chan struct{}{make(chan struct{}), make(chan struct{})}
	var wgs [2]sync.WaitGroup
	conns := [2]*grpc.ClientConn{ps[0].conn, ps[1].conn}
	for i := range ps {
		ctxs[i], cancels[i] = context.WithCancel(context.Background())
	}
	for w := range crashWorkers {
		i := w % 2
		wgs[i].Go(func() {
			crashWork(ctxs[i], dying[i], conns[i], rs[w*crashPerWorker:(w+1)*crashPerWorker], round, w, led)
		})
	}
	time.Sleep(time.Duration(100+rand.IntN(301)) * time.Millisecond)
	close(dying[victim])
	if err := ps[victim].cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-ps[victim].exited
	cancels[victim]()
	wgs[victim].Wait()
	ps[victim].conn.Close()
	ps[victim] = restart()
	other := 1 - victim
	close(dying[other]) // calls cut off by the cancel below are not failures
	cancels[other]()
	wgs[other].Wait()
}

// pgQuietHead waits until the log's head stays put for a second (what the
// replicas record by themselves after the clients stopped: a deferred
// matching whose views lagged during a kill) and returns it.
func pgQuietHead(t *testing.T, dsn string) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var last uint64
	var since time.Time
	for {
		var head uint64
		if err := conn.QueryRow(ctx, "SELECT position FROM claimledger.head").Scan(&head); err != nil {
			t.Fatalf("read the head: %v", err)
		}
		if head != last || since.IsZero() {
			last, since = head, time.Now()
		} else if time.Since(since) >= time.Second {
			return head
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// pgViewRows reads every row of the shared views, as text, in order; the
// checkpoint without its access version, a count of commits that differs
// between projecting in many transactions and in few.
func pgViewRows(t *testing.T, dsn string) map[string][]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	out := map[string][]string{}
	read := func(name, q string) {
		rows, err := conn.Query(ctx, q)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		out[name], err = pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
	}
	s := pgviews.DefaultSchema
	for _, table := range pgViewTables {
		read(table, "SELECT t::text FROM "+s+"."+table+" t ORDER BY t::text COLLATE \"C\"")
	}
	read("views_source", "SELECT position::text || ' ' || encode(hash, 'hex') FROM "+s+".views_source")
	return out
}

// firstDiff names the first row where two sorted row lists differ.
func firstDiff(got, want []string) string {
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return fmt.Sprintf("row %d: %.200q after the kills, %.200q rebuilt", i, g, w)
		}
	}
	return "none"
}
