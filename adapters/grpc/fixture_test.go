package grpcadapter

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/memory"
	"github.com/claimledger/claimledger/adapters/memory/memviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
)

// testArticle is a short report written for these tests: a currency pair,
// and a 2026 headline over a body that speaks of the 2025 plan.
const (
	testTitle = "Lakeshire Unveils 2026 Plan for Growth"
	testBody  = "The government of Lakeshire announced a 3 trillion yuan ($420 billion) package on Monday, according to finance minister Tomas Wren.\n" +
		"The 2025 plan directs 30% of the money to rail lines and power grids.\n"
	testPublished = "2026-03-02"
)

// fixture is a real server on a loopback port over the in-memory store and
// views, the reference adapters: the SQLite ones pass the same suites.
type fixture struct {
	store *memory.Store
	cmds  *app.Commands
	qs    *app.Queries
	srv   *Server
	conn  *grpc.ClientConn
	logs  *syncBuffer

	articles pb.ArticleServiceClient
	claims   pb.ClaimServiceClient
	ledger   pb.LedgerServiceClient
	admin    pb.AdminServiceClient

	// Bearer credentials of one caller per role.
	adminCred, reviewerCred, editorCred, auditorCred string
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newFixture starts everything; extra registers test-only services before
// the server starts serving.
func newFixture(t *testing.T, extra ...func(*grpc.Server)) *fixture {
	t.Helper()
	return newFixtureWith(t, nil, extra...)
}

// newFixtureWith is newFixture with the server's Config adjusted by conf.
func newFixtureWith(t *testing.T, conf func(*Config), extra ...func(*grpc.Server)) *fixture {
	t.Helper()
	f := &fixture{logs: &syncBuffer{}, store: memory.New()}
	t.Cleanup(func() { f.store.Close() })
	views := memviews.New(f.store, nil)
	var err error
	reg := app.NewRegistry()
	// A quorum of two, not the default one, so that a claim can be under
	// review with a live vote, and contested, for RetractReview and Settle.
	if f.cmds, err = app.NewCommands(f.store, reg, claim.Policy{Quorum: 2}); err != nil {
		t.Fatal(err)
	}
	f.cmds.Matcher = views
	f.qs = app.NewQueries(views, f.store)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); views.Run(ctx, app.NewProjector(f.store, reg)) }()
	t.Cleanup(func() { cancel(); <-done })

	if f.adminCred, err = f.cmds.Bootstrap(ctx, func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	// Tokens are checked against the views: wait until they hold the admin.
	if err := views.WaitApplied(ctx, f.head(t)); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := Config{Commands: f.cmds, Queries: f.qs, Logger: log}
	if conf != nil {
		conf(&cfg)
	}
	if f.srv, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	for _, reg := range extra {
		reg(f.srv.GRPC)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go f.srv.GRPC.Serve(lis)
	t.Cleanup(f.srv.GRPC.Stop)
	if f.conn, err = grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials())); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.conn.Close() })
	f.articles, f.claims = pb.NewArticleServiceClient(f.conn), pb.NewClaimServiceClient(f.conn)
	f.ledger, f.admin = pb.NewLedgerServiceClient(f.conn), pb.NewAdminServiceClient(f.conn)

	f.reviewerCred = f.register(t, "rita", pb.Role_ROLE_REVIEWER)
	f.editorCred = f.register(t, "eddie", pb.Role_ROLE_EDITOR)
	f.auditorCred = f.register(t, "audrey", pb.Role_ROLE_AUDITOR)
	return f
}

// register adds a reviewer through the API and returns their credential.
func (f *fixture) register(t *testing.T, name string, role pb.Role) string {
	t.Helper()
	resp, err := f.admin.RegisterReviewer(f.as(f.adminCred), &pb.RegisterReviewerRequest{
		RequestId: "register-" + name, Name: name, Role: role})
	if err != nil {
		t.Fatalf("register %s: %v", name, err)
	}
	return resp.GetTokenSecret()
}

// as is a call context carrying cred as the bearer token.
func (f *fixture) as(cred string) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	_ = cancel // the timeout releases it; calls are short
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+cred)
}

// head is the ledger's last position, read from the store itself.
func (f *fixture) head(t *testing.T) uint64 {
	t.Helper()
	pos, _, err := f.store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return pos
}

// ingest records the test article as the reviewer.
func (f *fixture) ingest(t *testing.T) *pb.IngestArticleResponse {
	t.Helper()
	resp, err := f.articles.IngestArticle(f.as(f.reviewerCred), &pb.IngestArticleRequest{RequestId: "ingest-1",
		Title: testTitle, Body: testBody, Url: "https://news.example/lakeshire-package", Published: testPublished})
	if err != nil {
		t.Fatalf("IngestArticle: %v", err)
	}
	if len(resp.GetClaims()) < 2 {
		t.Fatalf("IngestArticle: %d claims, want at least 2: %v", len(resp.GetClaims()), resp.GetClaims())
	}
	return resp
}
