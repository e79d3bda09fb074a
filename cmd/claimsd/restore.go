package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
)

// runRestore is `claimsd restore --from FILE --db PATH`: it checks the
// backup's whole hash chain, then writes it into a new event store. An
// existing database (or views database) is refused: a restore never
// replaces a ledger. The views are rebuilt from the log on the next start.
func runRestore(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("claimsd restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "backup file written by `claimctl admin backup` (required)")
	db := fs.String("db", "", "path of the new event store; must not exist (required)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: claimsd restore --from FILE --db PATH\n\nChecks a backup's hash chain, then restores it into a new event store.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *from == "" || *db == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "claimsd restore: --from and --db are required, and nothing else")
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	head, n, err := restore(context.Background(), *from, *db, log)
	if err != nil {
		log.Error("restore failed; nothing was written", "from", *from, "db", *db, "err", err)
		return exitFail
	}
	log.Info("restored", "from", *from, "db", *db, "events", n, "head_position", head.Position, "head_hash", fmt.Sprintf("%x", head.Hash))
	return exitOK
}

func restore(ctx context.Context, from, db string, log *slog.Logger) (events.BackupHead, uint64, error) {
	for _, p := range []string{db, defaultViewsPath(db)} {
		if _, err := os.Stat(p); err == nil {
			return events.BackupHead{}, 0, fmt.Errorf("%s exists: restore only creates a new ledger", p)
		}
	}
	f, err := os.Open(from)
	if err != nil {
		return events.BackupHead{}, 0, err
	}
	defer f.Close()
	// Every hash first: a bad copy must not leave half a ledger behind.
	rep, err := events.VerifyBackup(f)
	if err != nil {
		return events.BackupHead{}, 0, err
	}
	if !rep.OK() {
		return events.BackupHead{}, 0, fmt.Errorf("%w: %w", events.ErrBadBackup, rep.Fault)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return events.BackupHead{}, 0, err
	}
	store, err := sqlite.Open(sqlite.Config{Path: db, Logger: log.With("component", "store")})
	if err != nil {
		return events.BackupHead{}, 0, fmt.Errorf("create event store %s: %w", db, err)
	}
	head, err := events.RestoreBackup(ctx, store, f)
	if err == nil {
		err = checkRestoredHead(ctx, store, head)
	}
	if err = errors.Join(err, store.Close()); err != nil {
		removeStore(db)
		return head, 0, err
	}
	return head, rep.Checked, nil
}

// checkRestoredHead compares the new store's head with the backup's.
func checkRestoredHead(ctx context.Context, store *sqlite.Store, want events.BackupHead) error {
	pos, hash, err := store.Head(ctx)
	if err != nil {
		return err
	}
	if pos != want.Position || string(hash) != string(want.Hash) {
		return fmt.Errorf("restored head is position %d, the backup's is %d", pos, want.Position)
	}
	return nil
}

// removeStore deletes what a failed restore created.
func removeStore(db string) {
	for _, suffix := range []string{"", "-wal", "-shm", ".lock"} {
		os.Remove(db + suffix)
	}
}
