package pgviews

import "sync"

// viewsHealth is whether the projector can project and commit: while it
// fails, the views stay behind the log.
type viewsHealth struct {
	mu      sync.Mutex
	err     error
	changed chan struct{} // closed at the next change of err
}

// set records the projector's state; a nil error after nil changes nothing.
func (h *viewsHealth) set(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err == nil && h.err == nil {
		return
	}
	h.err = err
	if h.changed != nil {
		close(h.changed)
		h.changed = nil
	}
}

// Health reports whether this process's projector is failing (the error,
// or nil), and a channel closed at the next change, so a health service can
// follow it without polling. A replica that follows reports nil.
func (v *Views) Health() (error, <-chan struct{}) {
	h := &v.health
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.changed == nil {
		h.changed = make(chan struct{})
	}
	return h.err, h.changed
}
