package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/adapters/sqlite"
)

// migratePage is how many events one import transaction copies.
const migratePage = 1000

// runMigrate is `claimsd migrate --from ledger.db --to postgres://…`: it
// copies a SQLite ledger into an empty PostgreSQL database, every event
// with its id, stream version, position, times and hashes, so the copy's
// chain is the original's. claimsd must not be serving the SQLite file
// (its lock file says so). The views are built on the copy at the first
// start.
func runMigrate(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("claimsd migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the SQLite event store to copy (required)")
	to := fs.String("to", "", "postgres://… of an empty database to copy it into (required)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: claimsd migrate --from LEDGER.db --to postgres://…\n\nCopies a SQLite ledger into an empty PostgreSQL database, ids, positions, times and hashes as they are.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "claimsd migrate: --from and --to are required, and nothing else")
		return exitUsage
	}
	if !isPostgres(*to) {
		fmt.Fprintln(stderr, "claimsd migrate: --to must be a postgres:// or postgresql:// URL")
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	n, head, err := migrate(context.Background(), *from, *to, log)
	if err != nil {
		log.Error("migrate failed", "from", *from, "to", redactDSN(*to), "err", err)
		return exitFail
	}
	log.Info("migrated", "from", *from, "to", redactDSN(*to), "events", n, "head_position", head, "next", "start claimsd with --db on the copy")
	return exitOK
}

// migrate copies the ledger at from into the empty database at to and
// returns how many events it copied and the head position.
func migrate(ctx context.Context, from, to string, log *slog.Logger) (uint64, uint64, error) {
	if _, err := os.Stat(from); err != nil {
		return 0, 0, fmt.Errorf("source: %w", err)
	}
	src, err := sqlite.Open(sqlite.Config{Path: from, Logger: log.With("component", "source")})
	if err != nil {
		return 0, 0, fmt.Errorf("open source %s: %w", from, err)
	}
	defer src.Close()
	if f := src.OpenCheck().Fault; f != nil {
		return 0, 0, fmt.Errorf("source hash chain broken at position %d (%s): not copying it", f.Position, f.Reason)
	}
	dst, err := postgres.Open(postgres.Config{DSN: to, Logger: log.With("component", "target")})
	if err != nil {
		return 0, 0, fmt.Errorf("open target: %w", err)
	}
	defer dst.Close()
	if pos, _, err := dst.Head(ctx); err != nil || pos > 0 {
		return 0, 0, cmpErr(err, fmt.Errorf("the target holds a ledger already (%d events): migrate only fills an empty one", pos))
	}
	srcHead, srcHash, err := src.Head(ctx)
	if err != nil {
		return 0, 0, err
	}
	var n uint64
	for n < srcHead {
		page, err := src.ReadAll(ctx, n, migratePage)
		if err != nil {
			return n, 0, fmt.Errorf("read source after %d: %w", n, err)
		}
		if len(page) == 0 {
			return n, 0, fmt.Errorf("source ends at %d, its head is %d", n, srcHead)
		}
		if err := dst.Import(ctx, page); err != nil {
			return n, 0, fmt.Errorf("import positions %d to %d (the target holds the first %d; drop its schema before trying again): %w",
				page[0].Position, page[len(page)-1].Position, n, err)
		}
		n = page[len(page)-1].Position
	}
	// The copy must be the original: the same head, and a chain that
	// verifies in the target's own storage.
	pos, hash, err := dst.Head(ctx)
	if err != nil {
		return n, 0, err
	}
	if pos != srcHead || !bytes.Equal(hash, srcHash) {
		return n, 0, fmt.Errorf("the copy's head is position %d, the source's %d", pos, srcHead)
	}
	rep, err := dst.Verify(ctx, 1, 0)
	if err != nil {
		return n, 0, fmt.Errorf("verify the copy: %w", err)
	}
	if f := rep.Fault; f != nil {
		return n, 0, fmt.Errorf("the copy's chain breaks at position %d: %s", f.Position, f.Reason)
	}
	return n, pos, nil
}

// cmpErr is err when there is one, else alt.
func cmpErr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}
