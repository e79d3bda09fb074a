package sqlite

// WriterHealth reports whether the store's writer is failing to commit
// (the error of the last failed transaction, or nil once one commits
// again), and a channel closed at the next change. Appends fail meanwhile;
// a health service says NOT_SERVING rather than let callers find out one
// write at a time.
func (s *Store) WriterHealth() (error, <-chan struct{}) { return s.writing.Get() }
