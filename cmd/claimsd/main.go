// Command claimsd is the ClaimLedger server: it opens the event store and
// the verification views, creates the first admin, and serves the gRPC API.
// It holds wiring only; the behaviour lives in app and the adapters.
//
// Exit codes: 0 after a clean stop (SIGTERM or SIGINT), 1 on a runtime
// error, 2 on a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "restore" {
		return runRestore(args[1:], stderr)
	}
	if len(args) > 0 && args[0] == "migrate" {
		return runMigrate(args[1:], stderr)
	}
	o, err := parseFlags(args, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "claimsd: %v\n", err)
		return exitUsage
	case err != nil: // the flag package has printed the problem and the usage
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := serve(ctx, o, log, nil); err != nil {
		log.Error("claimsd failed", "err", err)
		return exitFail
	}
	return exitOK
}
