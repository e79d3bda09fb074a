package postgres_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// A backup (what claimctl admin backup streams) taken while another
// process appends is the log up to the head when it began; it verifies,
// and restores into a new schema as the same events, hashes and head.
func TestBackup_whileAnotherProcessAppends(t *testing.T) {
	dsn, s, writer := twoProcesses(t)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := appendErr(writer, events.AppendRequest{StreamID: fmt.Sprint("claim-w", i), Expected: events.NoStream,
				Events: []events.Proposed{{Type: "claim.extracted", Payload: json.RawMessage(`{}`)}}}); err != nil {
				t.Error(err)
				return
			}
		}
	})
	var buf bytes.Buffer
	head, err := events.WriteBackup(t.Context(), s, &buf)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := events.VerifyBackup(bytes.NewReader(buf.Bytes())); err != nil || !rep.OK() || rep.To != head.Position {
		t.Fatalf("VerifyBackup = %+v, %v; want OK up to %d", rep, err, head.Position)
	}
	restored := openIn(t, dsn, pgtest.NewSchema(t, dsn), postgres.Config{})
	if _, err := events.RestoreBackup(t.Context(), restored, bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	pos, hash, err := restored.Head(t.Context())
	if err != nil || pos != head.Position || !bytes.Equal(hash, head.Hash) {
		t.Fatalf("restored head %d %x, %v; want the backup's %d %x", pos, hash, err, head.Position, head.Hash)
	}
	orig, err := s.ReadAll(t.Context(), 0, int(head.Position))
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, restored); !reflect.DeepEqual(got, orig) {
		t.Errorf("restored log differs from the original's first %d events", head.Position)
	}
	if restored.LedgerID() == s.LedgerID() {
		t.Error("the restored schema has the original's ledger id: a restore makes a new ledger")
	}
}

// Signed checkpoints (app.Checkpointer) are events on the log: signed on
// one process's Store, they verify against the hashes another reads.
func TestSignedCheckpoint(t *testing.T) {
	_, s, other := twoProcesses(t)
	pub, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.NewCheckpointer(s, key).SignNow(t.Context()); err != nil {
		t.Fatal(err)
	}
	got, err := other.ReadStream(t.Context(), events.CheckpointStream, events.ReadStreamOptions{})
	if err != nil || len(got) != 1 {
		t.Fatalf("checkpoint stream: %d events, %v; want 1", len(got), err)
	}
	var c events.Checkpoint
	if err := json.Unmarshal(got[0].Payload, &c); err != nil {
		t.Fatal(err)
	}
	hash, ok, err := other.HashAt(t.Context(), c.Position)
	if err != nil || !ok || c.Position != 3 {
		t.Fatalf("checkpoint at %d: hash %v, %v; want position 3", c.Position, ok, err)
	}
	if err := c.Verify(pub, hash); err != nil {
		t.Errorf("checkpoint does not verify: %v", err)
	}
}
