package sqlite

import (
	"context"
	"fmt"

	"github.com/claimledger/claimledger/events"
)

// Import implements events.Store.
func (s *Store) Import(ctx context.Context, envs []events.Envelope) error {
	if err := s.ensureOpen(); err != nil {
		return err
	}
	if len(envs) == 0 {
		return nil
	}
	if err := events.ValidateImport(envs, s.cfg.MaxPayloadBytes); err != nil {
		return err
	}
	return s.w.submit(ctx, events.ImportOp(envs)).Err
}

// importEnvelopes runs on the writer: the batch must continue the log, and
// every hash must verify against its predecessor, before anything is kept.
func (w *writer) importEnvelopes(ctx context.Context, envs []events.Envelope) error {
	if envs[0].Position != w.pos+1 {
		return fmt.Errorf("%w: the log ends at position %d, the import starts at %d", events.ErrNotEmpty, w.pos, envs[0].Position)
	}
	v := events.NewVerifier(envs[0].Position, w.chain.Last())
	for i := range envs {
		if f := v.Add(&envs[i]); f != nil {
			return fmt.Errorf("import: %w", f)
		}
	}
	for i := range envs {
		if err := w.insert(ctx, &envs[i]); err != nil {
			return fmt.Errorf("%w: import: %w", errPartial, err)
		}
	}
	clear(w.versions)
	last := envs[len(envs)-1]
	w.pos, w.chain = last.Position, events.NewChain(last.Hash)
	return nil
}
