package pgviews_test

import (
	"strings"
	"testing"

	"github.com/claimledger/claimledger/adapters/memory"
	"github.com/claimledger/claimledger/adapters/postgres/pgviews"
)

// TestConfigRefused: a bad configuration is refused before connecting,
// with every problem named at once.
func TestConfigRefused(t *testing.T) {
	store := memory.New()
	defer store.Close()
	_, err := pgviews.Open(t.Context(), pgviews.Config{Schema: "Views; DROP TABLE x", MaxConns: -1, Poll: -1}, store)
	if err == nil {
		t.Fatal("Open with a bad config succeeded")
	}
	for _, want := range []string{"dsn is empty", "schema", "max conns -1", "poll -1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}
