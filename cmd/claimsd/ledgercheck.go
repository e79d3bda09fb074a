package main

import "fmt"

// checkLedger reports what opening the store verified of the hash chain
// (from where an earlier start, of any replica on PostgreSQL, left off). A
// broken chain is refused unless --allow-broken-ledger asks to read it
// (SQLite only): then the server serves reads, the store refuses every
// write (the gRPC adapter answers FAILED_PRECONDITION naming the position)
// and health says NOT_SERVING, so that nothing routes traffic to it by
// accident.
func (s *server) checkLedger() error {
	s.check = s.store.OpenCheck()
	rep := s.check
	if f := rep.Fault; f != nil {
		if !s.o.allowBroken {
			return fmt.Errorf("ledger %s: hash chain broken at position %d (%s): refusing to serve it; "+
				"restore it from a backup, or start with --allow-broken-ledger to read it", s.o.dbForLog(), f.Position, f.Reason)
		}
		s.log.Error("ledger hash chain broken: serving reads only, every write is refused (--allow-broken-ledger)",
			"db", s.o.db, "position", f.Position, "reason", f.Reason)
		return nil
	}
	s.log.Info("ledger hash chain verified since the last start", "from", rep.From, "checked", rep.Checked)
	return nil
}

// broken reports whether the ledger's hash chain was found broken at start.
func (s *server) broken() bool { return s.check.Fault != nil }
