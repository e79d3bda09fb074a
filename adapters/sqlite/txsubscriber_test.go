package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
)

// TestTxSubscriber_hooks checks the transactional subscriber's contract
// with a consumer that writes in its own SQLite file: the consumer's rows
// and the offset commit together; BeforeCommit runs inside the
// transaction, and when it fails nothing of the batch is kept and the
// messages come again; Committed reports the position committed.
func TestTxSubscriber_hooks(t *testing.T) {
	dir := t.TempDir()
	store, err := sqlite.Open(sqlite.Config{Path: filepath.Join(dir, "events.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "consumer.db")+"?_journal_mode=WAL&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	if err := sqlite.EnsureOffsets(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE seen (payload TEXT NOT NULL, flushed INTEGER NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	const n = 5
	for i := range n {
		if err := store.Publisher().Publish("notes", message.NewMessage(fmt.Sprint("m", i), []byte(fmt.Sprint("note ", i)))); err != nil {
			t.Fatal(err)
		}
	}
	head := mustHead(t, store)

	failOnce := true
	flushes := 0
	committed := make(chan uint64, 16)
	sub := store.TxSubscriber(db, "notes-consumer", sqlite.TxHooks{
		BeforeCommit: func(ctx context.Context, tx *sql.Tx, _ []events.Envelope) error {
			flushes++
			if _, err := tx.ExecContext(ctx, "UPDATE seen SET flushed = 1"); err != nil {
				return err
			}
			if failOnce {
				failOnce = false
				return errors.New("flush refused")
			}
			return nil
		},
		Committed: func(position uint64) { committed <- position },
	})
	defer sub.Close()
	subCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	msgs, err := sub.Subscribe(subCtx, "notes")
	if err != nil {
		t.Fatal(err)
	}
	deliveries := 0
	deadline := time.After(10 * time.Second)
	for done := false; !done; {
		select {
		case msg := <-msgs:
			tx, ok := sqlite.TxFromContext(msg.Context())
			if !ok {
				t.Fatal("a message came without its transaction")
			}
			if _, err := tx.ExecContext(msg.Context(), "INSERT INTO seen (payload, flushed) VALUES (?, 0)", string(msg.Payload)); err != nil {
				t.Fatal(err)
			}
			deliveries++
			msg.Ack()
		case pos := <-committed:
			if pos != head {
				t.Errorf("committed position %d, want the head %d", pos, head)
			}
			done = true
		case <-deadline:
			t.Fatalf("nothing committed after %d deliveries", deliveries)
		}
	}
	if deliveries < 2*n || flushes < 2 {
		t.Errorf("%d deliveries and %d flushes; want the batch refused once and delivered again (>= %d, >= 2)", deliveries, flushes, 2*n)
	}
	var rows, flushed int
	var offset uint64
	if err := db.QueryRowContext(ctx, "SELECT count(*), coalesce(sum(flushed), 0) FROM seen").Scan(&rows, &flushed); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, "SELECT position FROM subscriber_offsets WHERE consumer_group = 'notes-consumer'").Scan(&offset); err != nil {
		t.Fatal(err)
	}
	if rows != n || flushed != n || offset != head {
		t.Errorf("consumer holds %d rows (%d flushed) at offset %d; want %d, %d, %d: the refused batch must leave nothing", rows, flushed, offset, n, n, head)
	}
}
