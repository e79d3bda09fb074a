// Command claimsd is the ClaimLedger server: it opens the event store and
// serves the gRPC API. It holds wiring only; the behaviour lives in app and
// the adapters.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

type options struct {
	listen      string
	db          string
	synchronous string
	drain       time.Duration
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("claimsd", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.listen, "listen", "127.0.0.1:50051", "address to serve gRPC on")
	fs.StringVar(&o.db, "db", "claimledger.db", "path of the SQLite event store (created if missing)")
	fs.StringVar(&o.synchronous, "synchronous", "FULL", "FULL: an acknowledged write survives power loss; NORMAL: it survives a crash of claimsd, and the last commits can be lost on power loss")
	fs.DurationVar(&o.drain, "drain-timeout", 15*time.Second, "how long SIGTERM waits for calls in flight")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: claimsd [flags]\n\nServes the ClaimLedger gRPC API on an embedded SQLite event store.\n\nExample:\n  claimsd --listen 127.0.0.1:50051 --db claimledger.db\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return o, nil
}

func run(args []string, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if err := serve(o, log); err != nil {
		log.Error("claimsd stopped", "err", err)
		return 1
	}
	return 0
}

func serve(o options, log *slog.Logger) error {
	store, err := sqlite.Open(sqlite.Config{Path: o.db, Synchronous: sqlite.Synchronous(o.synchronous), Logger: log})
	if err != nil {
		return err
	}
	defer store.Close()
	lis, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := grpc.NewServer()
	hs := health.NewServer()
	healthpb.RegisterHealthServer(srv, hs)
	reflection.Register(srv)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(lis) }()
	log.Info("claimsd serving", "addr", lis.Addr().String(), "db", o.db)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("draining", "timeout", o.drain)
	hs.Shutdown()
	done := make(chan struct{})
	go func() { srv.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-time.After(o.drain):
		srv.Stop()
	}
	return store.Close()
}
