package postgres_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// openIn opens a Store on schema, closed when the test ends.
func openIn(t *testing.T, dsn, schema string, cfg postgres.Config) *postgres.Store {
	t.Helper()
	cfg.DSN, cfg.Schema = dsn, schema
	s, err := postgres.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// twoProcesses opens two Stores on one new schema, as two processes
// would, and records three events through the first.
func twoProcesses(t *testing.T) (dsn string, a, b *postgres.Store) {
	t.Helper()
	dsn = pgtest.DSN(t)
	schema := pgtest.NewSchema(t, dsn)
	a, b = openIn(t, dsn, schema, postgres.Config{}), openIn(t, dsn, schema, postgres.Config{})
	recordSome(t, a)
	return dsn, a, b
}

// reopen closes s and opens its schema again.
func reopen(t *testing.T, s *postgres.Store, dsn, schema string) *postgres.Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return openIn(t, dsn, schema, postgres.Config{})
}

// recordSome appends three events on two streams (positions 1..3).
func recordSome(t *testing.T, s events.Store) []events.Envelope {
	t.Helper()
	for _, req := range []events.AppendRequest{
		{StreamID: "claim-1", Expected: events.NoStream, Events: []events.Proposed{
			{Type: "claim.extracted", Payload: json.RawMessage(`{"text":"water boils at 100C"}`)},
			{Type: "claim.flagged", Payload: json.RawMessage(`{"check":"units"}`)},
		}},
		{StreamID: "article-1", Expected: events.NoStream, Events: []events.Proposed{
			{Type: "article.ingested", Payload: json.RawMessage(`{"url":"https://example.org/a"}`)},
		}},
	} {
		if _, err := s.Append(context.Background(), req); err != nil {
			t.Fatalf("append to %s: %v", req.StreamID, err)
		}
	}
	return readAll(t, s)
}

func readAll(t *testing.T, s events.Store) []events.Envelope {
	t.Helper()
	all, err := s.ReadAll(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return all
}
