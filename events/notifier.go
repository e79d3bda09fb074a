package events

import "sync"

// Notifier wakes a store's subscribers when its log may have grown. Each
// waiter holds the channel current when it last read; Advance closes it and
// installs a new one, so a commit between a read and a wait is never
// missed. Its Wait and IsClosed are what Follow takes.
type Notifier struct {
	mu     sync.Mutex
	ch     chan struct{}
	closed bool
}

// NewNotifier returns an open Notifier.
func NewNotifier() *Notifier { return &Notifier{ch: make(chan struct{})} }

// Wait returns a channel that is closed at the next Advance, or at Close.
func (n *Notifier) Wait() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.ch
}

// Advance wakes every waiter.
func (n *Notifier) Advance() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.closed {
		close(n.ch)
		n.ch = make(chan struct{})
	}
}

// Close wakes every waiter for the last time.
func (n *Notifier) Close() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.closed {
		n.closed = true
		close(n.ch)
	}
}

// IsClosed reports whether Close was called.
func (n *Notifier) IsClosed() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.closed
}
