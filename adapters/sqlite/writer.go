package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/claimledger/claimledger/events"
)

// writer is the only goroutine that writes events. Owning the log alone
// lets it assign positions and chain hashes in memory, and lets it commit
// every op that is waiting in one transaction: one fsync for the batch.
type writer struct {
	s      *Store
	conn   *sql.Conn
	stmts  *statements
	q      *events.WriteQueue
	done   chan error
	pos    uint64 // last committed position
	chain  *events.Chain
	broken error // set when Open found the chain broken
	// versions caches stream versions; see streamVersion.
	versions map[string]uint64
	// probeBytes is the size of the last write the file refused (see
	// down in probe.go).
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
	w := &writer{s: s, conn: conn, q: events.NewWriteQueue(s.cfg.MaxBatch), done: make(chan error, 1),
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
	for {
		first, ok := w.next()
		if !ok {
			break
		}
		if first == nil {
			w.probe()
			continue
		}
		w.commit(w.q.Gather(first))
	}
	w.stmts.close()
	w.done <- w.conn.Close()
}

// submit hands o to the writer and waits for its result.
func (w *writer) submit(ctx context.Context, o *events.WriteOp) events.WriteResult {
	return w.q.Submit(ctx, o)
}

// stop lets the writer commit what is queued, then closes its connection.
func (w *writer) stop() error {
	w.q.Close()
	return <-w.done
}
