package main

import "context"

// followHealth keeps the health service in step with what the server can
// do: NOT_SERVING for good on a broken ledger (--allow-broken-ledger), and
// while the projector cannot commit (a full disk: writes are still
// recorded, but reads would wait for views that do not move), SERVING
// otherwise. The first status is set before it returns, so the server never
// says SERVING when it should not; it follows the changes until ctx is done.
func (s *server) followHealth(ctx context.Context) {
	changed := s.setHealth()
	go func() {
		for {
			select {
			case <-changed:
				changed = s.setHealth()
			case <-ctx.Done():
				return
			}
		}
	}()
}

func (s *server) setHealth() <-chan struct{} {
	failing, changed := s.views.Health()
	s.rpc.SetServing(failing == nil && !s.broken())
	return changed
}
