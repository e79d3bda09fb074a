package app

import (
	"context"
	"sync"
)

// Watermark is how far a views adapter has applied the log: the Applied
// and WaitApplied of the Progress port, for adapters to embed. Its zero
// value is at position 0.
type Watermark struct {
	mu    sync.Mutex
	pos   uint64
	moved chan struct{} // closed when pos moves
}

// Applied implements Progress.
func (w *Watermark) Applied() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.pos
}

// WaitApplied implements Progress.
func (w *Watermark) WaitApplied(ctx context.Context, position uint64) error {
	for {
		w.mu.Lock()
		if w.moved == nil {
			w.moved = make(chan struct{})
		}
		pos, moved := w.pos, w.moved
		w.mu.Unlock()
		if pos >= position {
			return nil
		}
		select {
		case <-moved:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Set moves the watermark to position, once the views committed it, and
// wakes the waiters.
func (w *Watermark) Set(position uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pos = position
	if w.moved != nil {
		close(w.moved)
	}
	w.moved = make(chan struct{})
}
