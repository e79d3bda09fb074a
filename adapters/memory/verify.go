package memory

import (
	"context"
	"fmt"

	"github.com/claimledger/claimledger/events"
)

// Verify implements events.Store: it recomputes every hash in the range
// and, when the range reaches the head, checks the recorded head too.
func (s *Store) Verify(ctx context.Context, from, to uint64) (events.VerifyReport, error) {
	if err := s.ensureOpen(); err != nil {
		return events.VerifyReport{}, err
	}
	l := s.log
	l.mu.RLock()
	defer l.mu.RUnlock()
	from = max(from, 1)
	var prev []byte
	if i := l.index(from - 1); from > 1 && i >= 0 {
		prev = l.events[i].Hash
	}
	v := events.NewVerifier(from, prev)
	for i := l.after(from - 1); i < len(l.events) && (to == 0 || l.events[i].Position <= to); i++ {
		if f := v.Add(&l.events[i]); f != nil {
			return v.Report(), nil
		}
	}
	if to == 0 || to >= l.headPos {
		return v.Finish(l.headPos, l.headHash), nil
	}
	return v.Finish(0, nil), nil
}

// Import implements events.Store. The envelopes must continue the log and
// their chain must verify; their versions must continue their streams and
// their event ids be new, since the chain holds no secret that would stop
// a forger from sealing a duplicate.
func (s *Store) Import(ctx context.Context, envs []events.Envelope) error {
	if err := s.ensureOpen(); err != nil {
		return err
	}
	if len(envs) == 0 {
		return nil
	}
	if err := events.ValidateImport(envs, s.maxPayload); err != nil {
		return err
	}
	l := s.log
	l.mu.Lock()
	defer l.mu.Unlock()
	if envs[0].Position != l.headPos+1 {
		return fmt.Errorf("%w: the log ends at position %d, the import starts at %d", events.ErrNotEmpty, l.headPos, envs[0].Position)
	}
	v := events.NewVerifier(envs[0].Position, l.headHash)
	tx := l.begin()
	for i := range envs {
		e := &envs[i]
		if f := v.Add(e); f != nil {
			return fmt.Errorf("import: %w", f)
		}
		if want := tx.version(e.StreamID) + 1; e.Version != want {
			return fmt.Errorf("%w: import position %d: %s version %d, want %d", events.ErrInvalidEvent, e.Position, e.StreamID, e.Version, want)
		}
		if _, dup := tx.positionOf(e.EventID); dup {
			return fmt.Errorf("%w: import position %d: event id %q is already recorded", events.ErrInvalidEvent, e.Position, e.EventID)
		}
		tx.add(clone(*e))
	}
	tx.chain = events.NewChain(envs[len(envs)-1].Hash)
	tx.commit()
	return nil
}
