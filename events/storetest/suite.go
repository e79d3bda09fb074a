// Package storetest is the conformance suite every events.Store adapter
// runs. Each subtest states one of the guarantees of DESIGN.md ("Event store
// guarantees") and checks it against a fresh store in its own directory.
//
// An adapter's test calls Run:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T, dir string) (events.Store, error) {
//			return sqlite.Open(sqlite.Config{Path: filepath.Join(dir, "events.db")})
//		}, storetest.Features{Tamper: tamper})
//	}
package storetest

import (
	"testing"

	"github.com/claimledger/claimledger/events"
)

// Opener opens the store whose storage lives in dir, creating it when dir is empty.
// Opening the same dir again after Close must see everything acknowledged before.
type Opener func(t *testing.T, dir string) (events.Store, error)

// TamperOp is a change made behind the store's back.
type TamperOp int

const (
	TamperUpdate  TamperOp = iota + 1 // change the payload of the row at pos
	TamperDelete                      // delete the row at pos
	TamperInsert                      // insert a forged row right after pos (shifting nothing else is impossible, so the forged row must take some position; the adapter decides how, e.g. shifting later rows up by one)
	TamperReorder                     // swap the contents of rows pos and pos+1
)

func (op TamperOp) String() string {
	switch op {
	case TamperUpdate:
		return "update"
	case TamperDelete:
		return "delete"
	case TamperInsert:
		return "insert"
	case TamperReorder:
		return "reorder"
	}
	return "TamperOp(?)"
}

// Features says what the adapter under test can do.
type Features struct {
	// Tamper applies op at pos to the storage in dir while no store is open on it, bypassing the
	// store's protections (for SQLite: dropping the triggers). The suite calls it on a COPY of a
	// closed store's dir that it made itself (copy every file in the dir). nil: the tamper tests
	// are skipped with t.Skip naming why.
	Tamper func(t *testing.T, dir string, op TamperOp, pos uint64)
	// Concurrency is K goroutines racing per round and Rounds the rounds of the
	// optimistic-concurrency test (defaults 16 and 20).
	Concurrency, Rounds int
}

func (f *Features) setDefaults() {
	if f.Concurrency <= 0 {
		f.Concurrency = 16
	}
	if f.Rounds <= 0 {
		f.Rounds = 20
	}
}

// suite carries the adapter under test into every subtest.
type suite struct {
	open Opener
	f    Features
}

// Run checks every guarantee of the Store port against stores that open
// opens. Each subtest uses its own t.TempDir().
func Run(t *testing.T, open Opener, f Features) {
	t.Helper()
	f.setDefaults()
	s := &suite{open: open, f: f}

	t.Run("AtomicAppend", s.testAtomicAppend)           // 1
	t.Run("OptimisticConcurrency", s.testConcurrency)   // 2
	t.Run("Idempotency", s.testIdempotency)             // 3
	t.Run("Durability", s.testDurability)               // 4
	t.Run("Subscribe", s.testSubscribe)                 // 5
	t.Run("Paging", s.testPaging)                       // 6
	t.Run("CheckpointedSubscription", s.testCheckpoint) // 7
	t.Run("DeterministicReplay", s.testReplay)          // 8
	t.Run("TamperEvidence", s.testTamper)               // 9
	t.Run("ExportImport", s.testTransfer)               // 10
	t.Run("BadInput", s.testBadInput)
	t.Run("MultiStreamAppend", s.testMultiAppend) // stores that implement events.MultiAppender
}
