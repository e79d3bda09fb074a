package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimledger/claimledger/app"
)

// startCheckpoints starts signing the head with --signing-key; without it,
// there is nothing to run.
func (s *server) startCheckpoints() {
	if s.signingKey == nil {
		close(s.ckptDone)
		return
	}
	s.ckpt = app.NewCheckpointer(s.store, s.signingKey)
	s.ckpt.Every, s.ckpt.Interval = s.o.ckptEvery, s.o.ckptInterval
	ctx, cancel := context.WithCancel(context.Background())
	s.stopCkpt = cancel
	go func() {
		defer close(s.ckptDone)
		s.ckptErr = s.ckpt.Run(ctx)
	}()
}

// finalCheckpoint stops the checkpointer and, once the calls have drained,
// signs the head, so that a clean stop leaves every event under a
// signature.
func (s *server) finalCheckpoint() []error {
	s.stopCkpt()
	<-s.ckptDone
	if s.ckpt == nil {
		return nil
	}
	var errs []error
	if s.ckptErr != nil && !errors.Is(s.ckptErr, context.Canceled) {
		errs = append(errs, fmt.Errorf("checkpoint signing: %w", s.ckptErr))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.ckpt.SignNow(ctx); err != nil {
		errs = append(errs, fmt.Errorf("final checkpoint: %w", err))
	}
	return errs
}
