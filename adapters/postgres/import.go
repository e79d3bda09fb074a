package postgres

import (
	"context"
	"fmt"

	"github.com/claimledger/claimledger/events"
	"github.com/jackc/pgx/v5"
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

// importEnvelopes runs on the writer under the head lock: the envelopes
// must continue the log, and every hash must verify against its
// predecessor, before anything is kept.
func (w *writer) importEnvelopes(ctx context.Context, tx pgx.Tx, envs []events.Envelope) error {
	if envs[0].Position != w.pos+1 {
		return fmt.Errorf("%w: the log ends at position %d, the import starts at %d", events.ErrNotEmpty, w.pos, envs[0].Position)
	}
	v := events.NewVerifier(envs[0].Position, w.chain.Last())
	for i := range envs {
		if f := v.Add(&envs[i]); f != nil {
			return fmt.Errorf("import: %w", f)
		}
	}
	b := &pgx.Batch{}
	for i := range envs {
		w.queueInsert(b, &envs[i])
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	last := envs[len(envs)-1]
	w.pos, w.chain = last.Position, events.NewChain(last.Hash)
	return nil
}
