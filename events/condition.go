package events

import "sync"

// Condition is whether a part of the service can do its work: the error
// while it cannot, nil while it can. A health service follows it without
// polling through the channel Get returns, closed at the next change.
// The zero value is a Condition that is well.
type Condition struct {
	mu      sync.Mutex
	err     error
	changed chan struct{} // closed when the condition turns
}

// Set records the part's state. Only a turn (from well to failing or back)
// wakes the followers; a failure that goes on with another error updates
// the error quietly.
func (c *Condition) Set(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	turned := (err == nil) != (c.err == nil)
	c.err = err
	if turned && c.changed != nil {
		close(c.changed)
		c.changed = nil
	}
}

// Get returns the failure (nil while well) and a channel closed when the
// condition next turns.
func (c *Condition) Get() (error, <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.changed == nil {
		c.changed = make(chan struct{})
	}
	return c.err, c.changed
}
