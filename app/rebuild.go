package app

import (
	"context"
	"errors"

	"github.com/claimledger/claimledger/events"
)

// ProjectToHead is the second half of a views adapter's Rebuild, once it
// has emptied its views: it runs run (the adapter's Run with its projector)
// until progress reaches the log's head as it is now, then stops it.
func ProjectToHead(ctx context.Context, store events.Store, progress Progress, run func(ctx context.Context) error) error {
	head, _, err := store.Head(ctx)
	if err != nil {
		return err
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- run(runCtx) }()
	err = progress.WaitApplied(ctx, head)
	cancel()
	return errors.Join(err, <-done)
}
