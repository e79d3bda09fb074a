package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// testServer is a claimsd started in-process the way main starts it, on a
// loopback port picked by the kernel, with its files in dir.
type testServer struct {
	t     testing.TB
	dir   string
	o     options
	srv   *server
	conn  *grpc.ClientConn
	admin string // the admin credential, read from the admin token file

	articles pb.ArticleServiceClient
	claims   pb.ClaimServiceClient
	ledger   pb.LedgerServiceClient
	adminSvc pb.AdminServiceClient
}

// testOptions are claimsd's flags for a server whose files live in dir.
func testOptions(t testing.TB, dir string, extra ...string) options {
	t.Helper()
	args := append([]string{"--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--db", filepath.Join(dir, "claimledger.db"), "--drain-timeout", "5s"}, extra...)
	o, err := parseFlags(args, io.Discard)
	if err != nil {
		t.Fatalf("parse flags %v: %v", args, err)
	}
	return o
}

// startServer starts claimsd on dir's files; the test's cleanup shuts it
// down through the same path SIGTERM takes.
func startServer(t testing.TB, dir string, extra ...string) *testServer {
	t.Helper()
	return startServerLog(t, dir, testLogger(t), extra...)
}

func startServerLog(t testing.TB, dir string, log *slog.Logger, extra ...string) *testServer {
	t.Helper()
	return startServerOptions(t, dir, log, testOptions(t, dir, extra...))
}

// startServerOptions starts claimsd with options that are not flags (an
// in-memory trace exporter).
func startServerOptions(t testing.TB, dir string, log *slog.Logger, o options) *testServer {
	t.Helper()
	srv, err := start(context.Background(), o, log)
	if err != nil {
		t.Fatalf("start claimsd: %v", err)
	}
	ts := &testServer{t: t, dir: dir, o: o, srv: srv}
	t.Cleanup(func() { ts.stop() })
	ts.conn = dial(t, srv.addr().String())
	ts.articles = pb.NewArticleServiceClient(ts.conn)
	ts.claims = pb.NewClaimServiceClient(ts.conn)
	ts.ledger = pb.NewLedgerServiceClient(ts.conn)
	ts.adminSvc = pb.NewAdminServiceClient(ts.conn)
	b, err := os.ReadFile(o.adminTokenFile)
	if err != nil {
		t.Fatalf("read admin token file: %v", err)
	}
	ts.admin = strings.TrimSpace(string(b))
	return ts
}

// stop shuts the server down as SIGTERM does and fails the test on an
// unclean stop.
func (ts *testServer) stop() {
	if ts.srv == nil {
		return
	}
	if ts.conn != nil {
		ts.conn.Close()
	}
	if err := ts.srv.shutdown(); err != nil {
		ts.t.Errorf("shutdown: %v", err)
	}
	ts.srv = nil
}

func dial(t testing.TB, addr string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	return conn
}

// testLogger sends the server's logs to the test's log, shown on failure
// or with -v.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// as is a call context carrying credential as its bearer token.
func as(credential string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+credential)
}

var requestSeq atomic.Uint64

// rid is a fresh request id.
func rid(prefix string) string { return fmt.Sprintf("%s-%d", prefix, requestSeq.Add(1)) }

// register registers a reviewer through AdminService and waits until the
// views know their token, so it can be used at once.
func (ts *testServer) register(name string, role pb.Role) string {
	ts.t.Helper()
	res, err := ts.adminSvc.RegisterReviewer(as(ts.admin), &pb.RegisterReviewerRequest{RequestId: rid("reg"), Name: name, Role: role})
	if err != nil {
		ts.t.Fatalf("register %s: %v", name, err)
	}
	ts.waitViews(res.GetPosition())
	return res.GetTokenSecret()
}

// waitViews returns once the views include position.
func (ts *testServer) waitViews(position uint64) {
	ts.t.Helper()
	if _, err := ts.adminSvc.ListReviewers(as(ts.admin), &pb.ListReviewersRequest{PageSize: 1, MinPosition: position}); err != nil {
		ts.t.Fatalf("wait for views at %d: %v", position, err)
	}
}

// verify checks the whole chain and returns how many events it covers.
func (ts *testServer) verify() uint64 {
	ts.t.Helper()
	res, err := ts.ledger.VerifyLedger(as(ts.admin), &pb.VerifyLedgerRequest{})
	if err != nil {
		ts.t.Fatalf("verify ledger: %v", err)
	}
	if !res.GetOk() {
		ts.t.Fatalf("ledger does not verify: first bad position %d: %s", res.GetFirstBadPosition(), res.GetReason())
	}
	return res.GetChecked()
}

// wantCode fails the test unless err carries code.
func wantCode(t testing.TB, what string, err error, code codes.Code) {
	t.Helper()
	if got := status.Code(err); got != code {
		t.Errorf("%s: got %v (%v), want %v", what, got, err, code)
	}
}

// freePort asks the kernel for a loopback port that is free right now.
func freePort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
