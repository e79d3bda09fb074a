package postgres_test

import (
	"sync"
	"testing"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/pubsub/tests"
	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// TestPubSub runs watermill's universal Pub/Sub suite against the store.
// Each publisher and subscriber gets a Store of its own (a pool of its own,
// as another process would) on one schema per test, so what passes here
// passes across processes.
func TestPubSub(t *testing.T) {
	dsn := pgtest.DSN(t)
	var mu sync.Mutex
	schemas := map[*testing.T]string{}
	open := func(t *testing.T) *postgres.Store {
		mu.Lock()
		schema, ok := schemas[t]
		if !ok {
			schema = pgtest.NewSchema(t, dsn)
			schemas[t] = schema
		}
		mu.Unlock()
		s, err := postgres.Open(postgres.Config{DSN: dsn, Schema: schema, MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	features := tests.Features{
		ConsumerGroups:      true,
		ExactlyOnceDelivery: false, // offsets are written after the handler acks
		GuaranteedOrder:     true,
		Persistent:          true,
		// A new subscriber continues at its group's offset; only a new
		// group starts from the beginning of the topic.
		NewSubscriberReceivesOldMessages: false,
		RequireSingleInstance:            false,
	}
	tests.TestPubSub(t, features,
		func(t *testing.T) (message.Publisher, message.Subscriber) {
			return open(t).Publisher(), open(t).Subscriber("")
		},
		func(t *testing.T, group string) (message.Publisher, message.Subscriber) {
			return open(t).Publisher(), open(t).Subscriber(group)
		},
	)
}
