package sqliteviews

// Health reports whether the projector is failing to commit (the error, or
// nil), and a channel closed at the next change, so a health service can
// follow it without polling. A failing commit (a full disk, say) leaves
// the views behind the log until it succeeds again.
func (v *Views) Health() (error, <-chan struct{}) { return v.health.Get() }
