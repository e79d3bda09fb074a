package sqlite_test

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/pubsub/tests"
	"github.com/claimledger/claimledger/adapters/sqlite"
)

// TestPubSub runs watermill's universal Pub/Sub suite against the store.
// Every publisher and subscriber of one test shares one store, as they
// would in one process: the file admits one writer process at a time.
func TestPubSub(t *testing.T) {
	var mu sync.Mutex
	stores := map[*testing.T]*sqlite.Store{}
	storeFor := func(t *testing.T) *sqlite.Store {
		mu.Lock()
		defer mu.Unlock()
		if s, ok := stores[t]; ok {
			return s
		}
		s, err := sqlite.Open(sqlite.Config{Path: filepath.Join(t.TempDir(), "events.db")})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[t] = s
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
			s := storeFor(t)
			return s.Publisher(), s.Subscriber("")
		},
		func(t *testing.T, group string) (message.Publisher, message.Subscriber) {
			s := storeFor(t)
			return s.Publisher(), s.Subscriber(group)
		},
	)
}
