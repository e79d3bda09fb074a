package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/claimledger/claimledger/app"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	_ "github.com/mattn/go-sqlite3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// The whole-server crash test runs the real claimsd binary on one data
// directory, SIGKILLs it again and again while several clients write
// through the gRPC API, and then checks that every write the server
// acknowledged is in the log and that the views, recovered across all those
// kills, are row for row what a rebuild from the log gives.

const (
	crashRounds        = 30 // kills in a default run
	crashRoundsShort   = 5  // kills with -short
	crashWorkers       = 4  // concurrent clients
	crashPerWorker     = 2  // reviewers each client writes as
	crashQuorum        = "3"
	crashReviewersFile = "reviewers.json" // in the data dir, written in the first round
	crashSeedArticles  = 3
)

// crashViewTables are the views' tables and the key each is ordered by.
var crashViewTables = []struct{ name, key string }{
	{"claim_views", "id"},
	{"claim_voters", "reviewer, claim_id"},
	{"article_views", "id"},
	{"reviewer_views", "id"},
	{"tokens", "token_id"},
	{"reviewer_activity", "reviewer_id"},
	{"subscriber_offsets", "consumer_group, topic"},
}

// crashReviewer is a reviewer registered in the first round; later rounds
// read their credentials back from the data dir, as a client would.
type crashReviewer struct {
	Name   string `json:"name"`
	ID     string `json:"id"`
	Secret string `json:"secret"`
}

// crashAck is one mutation the server acknowledged.
type crashAck struct {
	kind      string // "ingest", "review", "retract"
	round     int
	requestID string
	actor     string // reviewer id
	claimID   string // review, retract
	articleID string // ingest
	claimIDs  []string
	position  uint64
}

// crashLedger is what the clients know across rounds: every acknowledged
// mutation, the claims of acknowledged ingests, and which live votes each
// reviewer believes it has (a hint for choosing retractions, nothing more).
type crashLedger struct {
	mu     sync.Mutex
	acks   []crashAck
	claims []string
	live   map[string]map[string]bool // reviewer id → claim id
	odd    []string                   // unexpected errors
}

func (l *crashLedger) ack(a crashAck) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acks = append(l.acks, a)
	switch a.kind {
	case "ingest":
		l.claims = append(l.claims, a.claimIDs...)
	case "review":
		l.setLive(a.actor, a.claimID, true)
	case "retract":
		l.setLive(a.actor, a.claimID, false)
	}
}

func (l *crashLedger) setLive(reviewer, claimID string, live bool) {
	if l.live[reviewer] == nil {
		l.live[reviewer] = map[string]bool{}
	}
	if live {
		l.live[reviewer][claimID] = true
	} else {
		delete(l.live[reviewer], claimID)
	}
}

// pickClaim favours the newest claims, so that votes pile up on them.
func (l *crashLedger) pickClaim() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.claims)
	if n == 0 {
		return ""
	}
	if rand.IntN(4) > 0 && n > 40 {
		return l.claims[n-40+rand.IntN(40)]
	}
	return l.claims[rand.IntN(n)]
}

func (l *crashLedger) pickLive(reviewer string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var ids []string
	for id := range l.live[reviewer] {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return ""
	}
	slices.Sort(ids)
	return ids[rand.IntN(len(ids))]
}

func (l *crashLedger) unexpected(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.odd = append(l.odd, fmt.Sprintf(format, args...))
}

// TestCrash_killedServerKeepsEveryAcknowledgedWriteAndViewsEqualARebuild
// builds claimsd and, on one data directory, starts it, lets four clients
// ingest articles, vote and retract votes (quorum 3, so votes pile up) for a
// random 50–400 ms, and SIGKILLs it, 30 times (5 with -short). Then, on the
// recovered server: the chain verifies up to the head; every acknowledged
// mutation is the event at the position it was acknowledged with, and in
// its claim's history exactly once; the views, after all those kills, equal
// row for row the views a server builds from scratch when they are deleted;
// each reviewer's activity counts equal the log's; and both views databases
// and the store pass PRAGMA integrity_check.
func TestCrash_killedServerKeepsEveryAcknowledgedWriteAndViewsEqualARebuild(t *testing.T) {
	rounds, budget := crashRounds, 45*time.Second
	if testing.Short() {
		rounds, budget = crashRoundsShort, 15*time.Second
	}
	began := time.Now()
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "claimsd")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(tmp, "data")
	logs := filepath.Join(tmp, "logs")
	for _, d := range []string{data, logs} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(data, "ledger.db")
	viewsDB := defaultViewsPath(db)
	led := &crashLedger{live: map[string]map[string]bool{}}

	built := time.Now()
	deadline := built.Add(budget)
	kills, starting := 0, time.Duration(0)
	for round := 1; round <= rounds; round++ {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d kills within %v", kills, rounds, budget)
		}
		t0 := time.Now()
		p := crashStart(t, bin, db, filepath.Join(logs, fmt.Sprintf("round-%02d.log", round)))
		starting += time.Since(t0)
		if round == 1 {
			crashSetUp(t, p, data, led)
		}
		crashLoad(t, p, data, round, led)
		kills++
	}
	killed := time.Now()
	if len(led.odd) > 0 {
		t.Errorf("%d calls failed with an unexpected code, first: %s", len(led.odd), led.odd[0])
	}

	// Recovery: the server starts on what the last kill left.
	p := crashStart(t, bin, db, filepath.Join(logs, "recovered.log"))
	head := crashCheckLog(t, p, data, led)
	logEvents := p.events
	crashStop(t, p)
	recovered := filepath.Join(tmp, "recovered")
	if err := os.MkdirAll(recovered, 0o755); err != nil {
		t.Fatal(err)
	}
	recoveredViews := filepath.Join(recovered, filepath.Base(viewsDB))
	crashCopyDB(t, viewsDB, recoveredViews)

	// A rebuild: the views are derived data, so a server that finds none
	// projects the whole log again before it serves.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(viewsDB + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	p = crashStart(t, bin, db, filepath.Join(logs, "rebuilt.log"))
	admin := crashAdmin(t, data)
	if _, err := pb.NewClaimServiceClient(p.conn).ListClaims(crashAs(context.Background(), admin), &pb.ListClaimsRequest{PageSize: 1, MinPosition: head}); err != nil {
		t.Fatalf("list claims at the head %d after the rebuild: %v", head, err)
	}
	crashStop(t, p)
	if b, _ := os.ReadFile(p.logPath); !strings.Contains(string(b), "bringing the views up to date") || !strings.Contains(string(b), "applied=0") {
		t.Errorf("the server did not project the log from position 0 into new views:\n%s", b)
	}

	for _, path := range []string{db, recoveredViews, viewsDB} {
		crashIntegrity(t, path)
	}
	compared := crashCompareViews(t, recoveredViews, viewsDB)
	crashCheckActivity(t, recoveredViews, logEvents)

	counts := map[string]int{}
	for _, a := range led.acks {
		counts[a.kind]++
	}
	t.Logf("%d kills in %v (build %v, starts %v), checks %v: %d events, acknowledged %d ingests, %d reviews, %d retractions; %d view rows compared",
		kills, killed.Sub(built).Round(time.Millisecond), built.Sub(began).Round(time.Millisecond), starting.Round(time.Millisecond), time.Since(killed).Round(time.Millisecond),
		head, counts["ingest"], counts["review"], counts["retract"], compared)
}

// crashProc is one claimsd process.
type crashProc struct {
	cmd     *exec.Cmd
	addr    string
	conn    *grpc.ClientConn
	logPath string
	exited  chan struct{}
	waitErr error
	events  map[uint64]*pb.LedgerEvent // filled by crashCheckLog
}

// crashStart starts claimsd on a free loopback port and returns once health
// says SERVING. A port taken between picking and listening is tried again.
func crashStart(t *testing.T, bin, db, logPath string) *crashProc {
	t.Helper()
	// The checks after the kills read every claim's history with one
	// token as fast as they can: no rate limit.
	return startProc(t, bin, logPath, "--db", db, "--quorum", crashQuorum, "--drain-timeout", "5s", "--rate-limit", "0")
}

// startProc starts the claimsd binary with args on a free loopback port,
// its web pages off, and returns once health says SERVING. A port taken
// between picking and listening is tried again.
func startProc(t testing.TB, bin, logPath string, args ...string) *crashProc {
	t.Helper()
	for attempt := 0; ; attempt++ {
		p := launchProc(t, bin, logPath, args...)
		if p.served(t, attempt < 3) {
			return p
		}
	}
}

// launchProc starts the binary without waiting for it to serve; served
// waits.
func launchProc(t testing.TB, bin, logPath string, args ...string) *crashProc {
	t.Helper()
	addr := freePort(t)
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"--listen", addr, "--http", ""}, args...)...)
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		t.Fatal(err)
	}
	logf.Close() // the child holds its own descriptor
	p := &crashProc{cmd: cmd, addr: addr, logPath: logPath, exited: make(chan struct{})}
	go func() { p.waitErr = cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() { // a test that stops early leaves no server behind
		select {
		case <-p.exited:
		default:
			p.cmd.Process.Kill()
			<-p.exited
		}
	})
	return p
}

// served waits up to 30 s for health to say SERVING. It fails the test
// unless the process exited because its port was taken and retry allows
// another: then it returns false.
func (p *crashProc) served(t testing.TB, retry bool) bool {
	t.Helper()
	if p.waitServing(p.addr, 30*time.Second) {
		return true
	}
	select {
	case <-p.exited:
	default:
		p.cmd.Process.Kill()
		<-p.exited
		t.Fatalf("claimsd not serving after 30s:\n%s", crashTail(p.logPath))
	}
	if retry && strings.Contains(crashTail(p.logPath), "address already in use") {
		return false
	}
	t.Fatalf("claimsd exited before serving (%v):\n%s", p.waitErr, crashTail(p.logPath))
	return false
}

// waitServing waits for the port to accept connections before it dials:
// a gRPC client refused once backs off for a second, a whole round's worth.
func (p *crashProc) waitServing(addr string, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-p.exited:
			return false
		default:
		}
		if p.conn == nil {
			c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
			if err != nil {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			c.Close()
			conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
			if err != nil {
				return false
			}
			p.conn = conn
		}
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		err := healthCheck(ctx, p.conn)
		cancel()
		if err == nil {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	if p.conn != nil {
		p.conn.Close()
	}
	return false
}

// crashStop stops claimsd as an operator does, and wants exit 0.
func crashStop(t testing.TB, p *crashProc) {
	t.Helper()
	p.conn.Close()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
		if p.waitErr != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", p.waitErr, crashTail(p.logPath))
		}
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
		t.Fatalf("claimsd still running 20s after SIGTERM:\n%s", crashTail(p.logPath))
	}
}

// crashTail is the end of a server log, for failure messages.
func crashTail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

func crashAs(ctx context.Context, secret string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+secret)
}

func crashAdmin(t *testing.T, data string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, "admin.token"))
	if err != nil {
		t.Fatalf("admin token: %v", err)
	}
	return strings.TrimSpace(string(b))
}

// crashSetUp registers the reviewers, keeps their credentials in the data
// dir, and ingests a few articles so that there is something to vote on
// from the first kill on. All of it is acknowledged before the first kill.
func crashSetUp(t *testing.T, p *crashProc, data string, led *crashLedger) {
	t.Helper()
	ctx := crashAs(context.Background(), crashAdmin(t, data))
	adminSvc := pb.NewAdminServiceClient(p.conn)
	var rs []crashReviewer
	var last uint64
	for i := range crashWorkers * crashPerWorker {
		name := fmt.Sprintf("crash-reviewer-%d", i)
		res, err := adminSvc.RegisterReviewer(ctx, &pb.RegisterReviewerRequest{RequestId: "register-" + name, Name: name, Role: pb.Role_ROLE_REVIEWER})
		if err != nil {
			t.Fatalf("register %s: %v", name, err)
		}
		rs = append(rs, crashReviewer{Name: name, ID: res.GetReviewer().GetId(), Secret: res.GetTokenSecret()})
		last = res.GetPosition()
	}
	b, err := json.Marshal(rs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, crashReviewersFile), b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := adminSvc.ListReviewers(ctx, &pb.ListReviewersRequest{PageSize: 1, MinPosition: last}); err != nil {
		t.Fatalf("wait for the reviewers' tokens: %v", err)
	}
	articles := pb.NewArticleServiceClient(p.conn)
	for i := range crashSeedArticles {
		r := rs[i%len(rs)]
		a, err := crashIngest(crashAs(context.Background(), r.Secret), articles, r, 0, 0, i)
		if err != nil {
			t.Fatalf("seed article %d: %v", i, err)
		}
		led.ack(a)
	}
}

func crashReviewers(t *testing.T, data string) []crashReviewer {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, crashReviewersFile))
	if err != nil {
		t.Fatal(err)
	}
	var rs []crashReviewer
	if err := json.Unmarshal(b, &rs); err != nil {
		t.Fatal(err)
	}
	return rs
}

// crashLoad has the clients write until a random 50–400 ms kill, and
// records what the server acknowledged.
func crashLoad(t *testing.T, p *crashProc, data string, round int, led *crashLedger) {
	t.Helper()
	rs := crashReviewers(t, data)
	ctx, cancel := context.WithCancel(context.Background())
	dying := make(chan struct{})
	var wg sync.WaitGroup
	for w := range crashWorkers {
		wg.Go(func() { crashWork(ctx, dying, p.conn, rs[w*crashPerWorker:(w+1)*crashPerWorker], round, w, led) })
	}
	time.Sleep(time.Duration(50+rand.IntN(351)) * time.Millisecond)
	close(dying)
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.exited
	cancel()
	wg.Wait()
	p.conn.Close()
}

// crashWork is one client: ingests, votes and retractions, as its
// reviewers, until ctx ends. A call that fails once dying is closed was cut
// off by the kill, whatever its code says.
func crashWork(ctx context.Context, dying <-chan struct{}, conn *grpc.ClientConn, rs []crashReviewer, round, worker int, led *crashLedger) {
	articles := pb.NewArticleServiceClient(conn)
	claims := pb.NewClaimServiceClient(conn)
	verdicts := []pb.Verdict{pb.Verdict_VERDICT_CONFIRM, pb.Verdict_VERDICT_DISPUTE, pb.Verdict_VERDICT_UNVERIFIABLE}
	for seq := 0; ctx.Err() == nil; seq++ {
		r := rs[rand.IntN(len(rs))]
		callCtx, cancel := context.WithTimeout(crashAs(ctx, r.Secret), 10*time.Second)
		rid := fmt.Sprintf("crash-r%02d-w%d-%d", round, worker, seq)
		x := rand.IntN(100)
		var err error
		switch live := led.pickLive(r.ID); {
		case x < 15:
			var a crashAck
			if a, err = crashIngest(callCtx, articles, r, round, worker, seq); err == nil {
				led.ack(a)
			}
		case x < 45 && live != "":
			var res *pb.RetractReviewResponse
			res, err = claims.RetractReview(callCtx, &pb.RetractReviewRequest{RequestId: rid, ClaimId: live, Reason: "second thoughts"})
			switch status.Code(err) {
			case codes.OK:
				led.ack(crashAck{kind: "retract", round: round, requestID: rid, actor: r.ID, claimID: live, position: res.GetPosition()})
			case codes.FailedPrecondition, codes.NotFound: // decided since, or the vote was never recorded
				led.mu.Lock()
				led.setLive(r.ID, live, false)
				led.mu.Unlock()
			}
		default:
			id := led.pickClaim()
			req := &pb.SubmitReviewRequest{RequestId: rid, ClaimId: id, Verdict: verdicts[rand.IntN(len(verdicts))],
				EvidenceUrls: []string{fmt.Sprintf("https://evidence.example.org/%s", rid)}, Note: "checked against the budget"}
			if req.Verdict == pb.Verdict_VERDICT_DISPUTE {
				req.Reason = pb.DisputeReason_DISPUTE_REASON_WRONG_VALUE
			}
			var res *pb.SubmitReviewResponse
			res, err = claims.SubmitReview(callCtx, req)
			if err == nil {
				led.ack(crashAck{kind: "review", round: round, requestID: rid, actor: r.ID, claimID: id, position: res.GetPosition()})
			} else if st, _ := status.FromError(err); st.Code() == codes.FailedPrecondition && strings.Contains(st.Message(), "live vote") {
				led.mu.Lock() // a vote whose answer a kill cut off
				led.setLive(r.ID, id, true)
				led.mu.Unlock()
			}
		}
		cancel()
		switch status.Code(err) {
		case codes.OK, codes.FailedPrecondition, codes.NotFound, codes.Aborted:
			// FailedPrecondition, NotFound: the workflow refuses (a decided
			// claim, a vote already there or gone); Aborted: a lost race.
		default:
			select {
			case <-dying:
				time.Sleep(5 * time.Millisecond) // until the kill is over
			default:
				led.unexpected("round %d worker %d %s: %v", round, worker, rid, err)
			}
		}
	}
}

// crashIngest ingests a small made-up article, unique to its round, client
// and sequence number.
func crashIngest(ctx context.Context, articles pb.ArticleServiceClient, r crashReviewer, round, worker, seq int) (crashAck, error) {
	towns := []string{"Riverton", "Ashford", "Millbrook", "Eastport", "Linwood", "Harrow"}
	items := []string{"buses", "trams", "schools", "bridges", "clinics", "parks"}
	town, item := towns[rand.IntN(len(towns))], items[rand.IntN(len(items))]
	title := fmt.Sprintf("%s council budget bulletin %d-%d-%d", town, round, worker, seq)
	body := fmt.Sprintf("The city of %s spent %d million dollars on %d %s in %d. "+
		"Ridership rose %d%% to %d,%03d passengers a day, the mayor said. "+
		"The council hired %d drivers for %d years. "+
		"This is bulletin %d of round %d from desk %d.\n",
		town, 2+rand.IntN(90), 3+rand.IntN(60), item, 2015+rand.IntN(11),
		1+rand.IntN(30), 1+rand.IntN(90), rand.IntN(1000),
		2+rand.IntN(40), 2+rand.IntN(8),
		seq, round, worker)
	rid := fmt.Sprintf("crash-ingest-r%02d-w%d-%d", round, worker, seq)
	res, err := articles.IngestArticle(ctx, &pb.IngestArticleRequest{RequestId: rid, Title: title, Body: body,
		Url: fmt.Sprintf("https://news.example.org/%d/%d/%d", round, worker, seq), Published: "2026-03-10"})
	if err != nil {
		return crashAck{}, err
	}
	a := crashAck{kind: "ingest", round: round, requestID: rid, actor: r.ID, articleID: res.GetArticle().GetId(), position: res.GetPosition()}
	for _, c := range res.GetClaims() {
		a.claimIDs = append(a.claimIDs, c.GetId())
	}
	if res.GetAlreadyIngested() || len(a.claimIDs) == 0 {
		return crashAck{}, fmt.Errorf("ingest %s: already ingested %v, %d claims", rid, res.GetAlreadyIngested(), len(a.claimIDs))
	}
	return a, nil
}

// crashCheckLog checks the recovered server's log: the chain verifies up to
// the head, and every acknowledged mutation is the event at its position
// and is in its claim's history. It returns the head.
func crashCheckLog(t *testing.T, p *crashProc, data string, led *crashLedger) uint64 {
	t.Helper()
	ctx := crashAs(context.Background(), crashAdmin(t, data))
	ledger := pb.NewLedgerServiceClient(p.conn)
	claims := pb.NewClaimServiceClient(p.conn)
	v, err := ledger.VerifyLedger(ctx, &pb.VerifyLedgerRequest{})
	if err != nil {
		t.Fatalf("verify ledger: %v", err)
	}
	if !v.GetOk() {
		t.Fatalf("ledger does not verify after the kills: first bad position %d: %s", v.GetFirstBadPosition(), v.GetReason())
	}
	head := v.GetChecked()
	// checked is the head: a read at it answers, one past it is past the end.
	if _, err := claims.ListClaims(ctx, &pb.ListClaimsRequest{PageSize: 1, MinPosition: head}); err != nil {
		t.Fatalf("list claims at the head %d: %v", head, err)
	}
	_, err = claims.ListClaims(ctx, &pb.ListClaimsRequest{PageSize: 1, MinPosition: head + 1})
	wantCode(t, "a read past the checked count", err, codes.OutOfRange)

	// The whole log, by position.
	p.events = map[uint64]*pb.LedgerEvent{}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	stream, err := ledger.WatchEvents(wctx, &pb.WatchEventsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for uint64(len(p.events)) < head {
		res, err := stream.Recv()
		if err != nil {
			t.Fatalf("watch the log after %d of %d events: %v", len(p.events), head, err)
		}
		e := res.GetEvent()
		if want := uint64(len(p.events)) + 1; e.GetPosition() != want {
			t.Fatalf("watch: position %d, want %d", e.GetPosition(), want)
		}
		p.events[e.GetPosition()] = e
	}
	cancel()

	histories := map[string][]*pb.LedgerEvent{}
	history := func(claimID string) []*pb.LedgerEvent {
		if h, ok := histories[claimID]; ok {
			return h
		}
		res, err := ledger.GetClaimHistory(ctx, &pb.GetClaimHistoryRequest{ClaimId: claimID})
		if err != nil {
			t.Fatalf("history of %s: %v", claimID, err)
		}
		histories[claimID] = res.GetEvents()
		return res.GetEvents()
	}
	lost := 0
	for _, a := range led.acks {
		e := p.events[a.position]
		if a.position > head || e == nil {
			t.Errorf("%s %s acknowledged at position %d (round %d), past the head %d", a.kind, a.requestID, a.position, a.round, head)
			lost++
			continue
		}
		if e.GetCorrelationId() != a.requestID || e.GetActor() != a.actor {
			t.Errorf("%s %s acknowledged at position %d (round %d), which holds %s by %s for request %s", a.kind, a.requestID, a.position, a.round,
				e.GetType(), e.GetActor(), e.GetCorrelationId())
			lost++
			continue
		}
		switch a.kind {
		case "ingest":
			if e.GetType() != "article.ingested" || e.GetStreamId() != "article-"+a.articleID {
				t.Errorf("ingest %s at position %d is %s on %s", a.requestID, a.position, e.GetType(), e.GetStreamId())
			}
			for _, id := range a.claimIDs {
				if h := history(id); len(h) == 0 || h[0].GetType() != "claim.extracted" || h[0].GetPosition() > a.position {
					t.Errorf("claim %s of ingest %s: history does not start with its extraction", id, a.requestID)
				}
			}
		case "review", "retract":
			want := map[string]string{"review": "review.submitted", "retract": "review.retracted"}[a.kind]
			n := 0
			for _, h := range history(a.claimID) {
				if h.GetCorrelationId() == a.requestID && h.GetActor() == a.actor && h.GetType() == want && h.GetPosition() <= a.position {
					n++
				}
			}
			if e.GetStreamId() != "claim-"+a.claimID || n != 1 {
				t.Errorf("%s %s on %s acknowledged at position %d (round %d): the claim's history holds %d %s events of it (event at the position is on %s)",
					a.kind, a.requestID, a.claimID, a.position, a.round, n, want, e.GetStreamId())
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged mutations are not in the log as acknowledged", lost, len(led.acks))
	}
	// An ingest is all or nothing, acknowledged or not: no claim in the
	// log without its article.
	articles := map[string]bool{}
	for _, e := range p.events {
		if e.GetType() == "article.ingested" {
			articles[strings.TrimPrefix(e.GetStreamId(), "article-")] = true
		}
	}
	orphans := 0
	for pos, e := range p.events {
		if e.GetType() == "claim.extracted" && !articles[app.ArticleOfClaim(strings.TrimPrefix(e.GetStreamId(), "claim-"))] {
			if orphans++; orphans <= 5 {
				t.Errorf("claim %s (position %d) is in the log without its article", e.GetStreamId(), pos)
			}
		}
	}
	if orphans > 0 {
		t.Errorf("%d claims are in the log without their article", orphans)
	}
	return head
}

// crashCopyDB copies a closed SQLite database and whatever WAL files it
// left beside it.
func crashCopyDB(t *testing.T, from, to string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(from + suffix)
		if errors.Is(err, os.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func crashOpenRO(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func crashIntegrity(t *testing.T, path string) {
	t.Helper()
	var res string
	if err := crashOpenRO(t, path).QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatalf("integrity check of %s: %v", path, err)
	}
	if res != "ok" {
		t.Errorf("integrity check of %s: %s", filepath.Base(path), res)
	}
}

// crashCompareViews compares every view table row by row, in key order,
// names the first row of each table that differs, and returns how many rows
// it compared.
func crashCompareViews(t *testing.T, recoveredPath, rebuiltPath string) int {
	t.Helper()
	recovered, rebuilt := crashOpenRO(t, recoveredPath), crashOpenRO(t, rebuiltPath)
	compared := 0
	for _, tb := range crashViewTables {
		a, cols := crashRows(t, recovered, tb.name, tb.key)
		b, _ := crashRows(t, rebuilt, tb.name, tb.key)
	rows:
		for i := range max(len(a), len(b)) {
			switch {
			case i >= len(a):
				t.Errorf("%s: the rebuild has a row the crashed-and-recovered views lack (%d rows against %d): %v = %s", tb.name, len(b), len(a), cols, b[i])
			case i >= len(b):
				t.Errorf("%s: the crashed-and-recovered views have a row the rebuild lacks (%d rows against %d): %v = %s", tb.name, len(a), len(b), cols, a[i])
			case a[i] != b[i]:
				t.Errorf("%s: row %d differs (an event applied twice or lost across a crash)\n columns:  %v\n recovered: %s\n rebuilt:   %s", tb.name, i, cols, a[i], b[i])
			default:
				compared++
				continue
			}
			break rows
		}
	}
	return compared
}

// crashRows reads a whole table in key order, one string per row.
func crashRows(t *testing.T, db *sql.DB, table, key string) ([]string, []string) {
	t.Helper()
	rows, err := db.Query("SELECT * FROM " + table + " ORDER BY " + key)
	if err != nil {
		t.Fatalf("read %s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = fmt.Sprintf("%q", v)
		}
		out = append(out, "("+strings.Join(parts, ", ")+")")
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read %s: %v", table, err)
	}
	return out, cols
}

// crashCheckActivity checks the one additive view against the log itself:
// each reviewer's vote and retraction counts are the events they caused,
// each counted once.
func crashCheckActivity(t *testing.T, viewsPath string, evs map[uint64]*pb.LedgerEvent) {
	t.Helper()
	type counts struct{ votes, retractions int }
	want := map[string]counts{}
	for _, e := range evs {
		c := want[e.GetActor()]
		switch e.GetType() {
		case "review.submitted":
			c.votes++
		case "review.retracted":
			c.retractions++
		default:
			continue
		}
		want[e.GetActor()] = c
	}
	got := map[string]counts{}
	rows, err := crashOpenRO(t, viewsPath).Query("SELECT reviewer_id, votes, retractions FROM reviewer_activity")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var c counts
		if err := rows.Scan(&id, &c.votes, &c.retractions); err != nil {
			t.Fatal(err)
		}
		got[id] = c
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			want[id] = counts{}
		}
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("reviewer %s: views count %d votes and %d retractions, the log %d and %d", id, got[id].votes, got[id].retractions, w.votes, w.retractions)
		}
	}
}
