package sqliteviews

import "sync"

// viewsHealth is whether the projector can commit: a failing commit (a full
// disk, say) leaves the views behind the log until it succeeds again.
type viewsHealth struct {
	mu      sync.Mutex
	err     error         // the failure, nil while the projector commits
	changed chan struct{} // closed when err changes
}

func (h *viewsHealth) set(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.err = err
	if h.changed != nil {
		close(h.changed)
	}
	h.changed = make(chan struct{})
}

// Health reports whether the projector is failing to commit (the error, or
// nil), and a channel closed at the next change, so a health service can
// follow it without polling.
func (v *Views) Health() (error, <-chan struct{}) {
	h := &v.health
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.changed == nil {
		h.changed = make(chan struct{})
	}
	return h.err, h.changed
}
