package events

import "time"

// ProbeInterval is how often a failing writer tries whether its storage
// takes writes again. Without it, a server that health marks NOT_SERVING
// gets no writes from a balancer, so it would never learn that the storage
// recovered.
const ProbeInterval = time.Second

// WriterState is a store writer's health: failing from a transaction its
// storage refused until one that wrote, or a probe, commits again.
// Health may be read from anywhere; the rest is for the writer's
// goroutine.
type WriterState struct {
	cond    Condition
	failing bool
}

// Health returns the failure (nil while well) and a channel closed when
// that next turns.
func (s *WriterState) Health() (error, <-chan struct{}) { return s.cond.Get() }

// Down records a refused transaction, or a probe that failed again.
func (s *WriterState) Down(err error) {
	s.cond.Set(err)
	s.failing = true
}

// Up records a transaction that wrote and committed. It reports whether
// the writer was failing until now: the turn worth saying.
func (s *WriterState) Up() bool {
	if !s.failing {
		return false
	}
	s.failing = false
	s.cond.Set(nil)
	return true
}

// Wait is how long the writer may wait for its next op (WriteQueue.Next)
// before it probes: ProbeInterval while failing, else no bound.
func (s *WriterState) Wait() time.Duration {
	if s.failing {
		return ProbeInterval
	}
	return 0
}
