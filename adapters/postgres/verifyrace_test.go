package postgres_test

import (
	"fmt"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// TestVerify_whileAnotherStoreAppends verifies the whole log through one
// Store again and again while another (another process) appends: every
// verification holds. Reading the head and then the rows apart would now
// and then read a row committed after the head and report it as an event
// beyond the recorded head, refusing a sound ledger (a replica starting
// while another one writes).
func TestVerify_whileAnotherStoreAppends(t *testing.T) {
	dsn := pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	stores := [2]*postgres.Store{openIn(t, dsn, schema, postgres.Config{}), openIn(t, dsn, schema, postgres.Config{})}
	ctx := t.Context()
	done := make(chan error, 1)
	go func() {
		for i := range 300 {
			_, err := stores[0].Append(ctx, events.AppendRequest{StreamID: fmt.Sprintf("claim-%d", i%7), Expected: events.Any,
				Events: []events.Proposed{{Type: "Voted", Payload: []byte(`{"n":1}`)}}})
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	verified := 0
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			if verified == 0 {
				t.Fatal("no verification ran while the appends went on")
			}
			t.Logf("%d verifications while 300 appends went on", verified)
			return
		default:
		}
		rep, err := stores[1].Verify(ctx, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if f := rep.Fault; f != nil {
			t.Fatalf("verification %d while another store appends: fault at %d: %s", verified+1, f.Position, f.Reason)
		}
		verified++
	}
}
