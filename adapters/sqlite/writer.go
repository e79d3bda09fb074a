package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"

	"github.com/claimledger/claimledger/events"
)

// op is one unit of work for the writer: appends recorded together (one,
// or several streams' at once), or an import.
type op struct {
	appends      []*events.AppendRequest
	fingerprints [][]byte // of each append with a request id
	imports      []events.Envelope
	done         chan opResult
}

type opResult struct {
	results []events.AppendResult // one per append of the op
	err     error
	// undo: the op wrote rows before it failed, so the batch's
	// transaction must be rolled back (see commit).
	undo bool
}

// writer is the only goroutine that writes events. Owning the log alone
// lets it assign positions and chain hashes in memory, and lets it commit
// every op that is waiting in one transaction: one fsync for the batch.
type writer struct {
	s      *Store
	conn   *sql.Conn
	stmts  *statements
	ops    chan *op
	done   chan error
	pos    uint64 // last committed position
	chain  *events.Chain
	broken error // set when Open found the chain broken
	// versions caches stream versions; see streamVersion.
	versions map[string]uint64
	// callers counts the ops submitted and not yet answered, including
	// those still on their way to the queue; see events.Gather.
	callers atomic.Int64
	// failing is set while the file refuses writes (see down in probe.go);
	// probeBytes is the size of the write it refused.
	failing    bool
	probeBytes int
}

func startWriter(ctx context.Context, s *Store) (*writer, error) {
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return nil, mapOpenErr(s.cfg.Path, err)
	}
	// The checkpointer, not the writer, copies the WAL back (checkpoint.go).
	if _, err := conn.ExecContext(ctx, leaveWALToCheckpointer); err != nil {
		conn.Close()
		return nil, fmt.Errorf("set the automatic checkpoint: %w", err)
	}
	w := &writer{s: s, conn: conn, ops: make(chan *op, s.cfg.MaxBatch), done: make(chan error, 1),
		versions: map[string]uint64{}}
	if w.stmts, err = prepare(ctx, conn); err != nil {
		conn.Close()
		return nil, err
	}
	if err := w.load(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	go w.run()
	return w, nil
}

// load reads the chain head. If Open found the chain broken, appending
// would bury the fault under new events, so the writer refuses every op.
func (w *writer) load(ctx context.Context) error {
	var headPos uint64
	var headHash []byte
	if err := w.conn.QueryRowContext(ctx, "SELECT position, hash FROM head WHERE id = 1").Scan(&headPos, &headHash); err != nil {
		return fmt.Errorf("read head: %w", err)
	}
	w.pos, w.chain = headPos, events.NewChain(headHash)
	if f := w.s.openCheck.Fault; f != nil {
		w.broken = fmt.Errorf("the log is read-only: %w", f)
		w.s.cfg.Logger.Error("event store hash chain broken: appends are refused", "path", w.s.cfg.Path,
			"position", f.Position, "reason", f.Reason)
	}
	return nil
}

func (w *writer) run() {
	batch := make([]*op, 0, w.s.cfg.MaxBatch)
	for {
		first, ok := w.next()
		if !ok {
			break
		}
		if first == nil {
			w.probe()
			continue
		}
		w.commit(events.Gather(w.ops, append(batch[:0], first), w.s.cfg.MaxBatch, &w.callers))
	}
	w.stmts.close()
	w.done <- w.conn.Close()
}

// submit hands o to the writer and waits for its result. The writer never
// abandons an op, so the wait ends even if ctx is done; ctx only stops the
// wait for a place in the queue.
func (w *writer) submit(ctx context.Context, o *op) opResult {
	o.done = make(chan opResult, 1)
	w.callers.Add(1)
	defer w.callers.Add(-1)
	w.s.closeMu.RLock()
	if w.s.closed {
		w.s.closeMu.RUnlock()
		return opResult{err: events.ErrClosed}
	}
	select {
	case w.ops <- o:
	case <-ctx.Done():
		w.s.closeMu.RUnlock()
		return opResult{err: ctx.Err()}
	}
	w.s.closeMu.RUnlock()
	return <-o.done
}

// stop lets the writer commit what is queued, then closes its connection.
// The caller has marked the store closed, so nothing new is queued.
func (w *writer) stop() error {
	w.s.closeMu.Lock() // wait for senders that are still queueing
	close(w.ops)
	w.s.closeMu.Unlock()
	return <-w.done
}
