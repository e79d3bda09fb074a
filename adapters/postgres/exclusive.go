package postgres

import (
	"context"
	"fmt"
)

// Exclusive runs fn while this process holds the database's advisory lock
// named key (in the store's schema): of several processes on one database,
// one at a time runs it, the others wait their turn. claimsd creates the
// first admin this way, so that two replicas starting at once create it
// once. The lock belongs to a connection of the pool: should the process
// die inside fn, the server releases it with the session.
func (s *Store) Exclusive(ctx context.Context, key string, fn func(context.Context) error) error {
	if err := s.ensureOpen(); err != nil {
		return err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("advisory lock %s: %w", key, err)
	}
	defer conn.Release()
	name := s.cfg.Schema + "/" + key
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(hashtextextended($1, 0))", name); err != nil {
		return fmt.Errorf("advisory lock %s: %w", key, err)
	}
	defer func() {
		// A lock that cannot be released ends with its connection.
		if _, err := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(hashtextextended($1, 0))", name); err != nil {
			conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()
	return fn(ctx)
}
