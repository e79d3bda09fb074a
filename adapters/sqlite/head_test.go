package sqlite_test

import (
	"context"
	"testing"

	"github.com/claimledger/claimledger/adapters/sqlite"
)

func mustHead(t *testing.T, s *sqlite.Store) uint64 {
	t.Helper()
	h, _, err := s.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h
}
