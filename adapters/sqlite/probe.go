package sqlite

import (
	"context"
	"fmt"

	"github.com/claimledger/claimledger/events"
)

// probeInsert and probeDelete write a row as large as the write that
// failed, then remove it, in one transaction that commits: the file must
// find room for the row (a full disk or max_page_count fails the insert)
// and the WAL must take the commit's pages (an I/O error, no room for the
// WAL). The row's request id is empty, which no append looks up, and no
// reader sees it: it is gone before the commit.
const (
	probeInsert = "INSERT INTO requests (request_id, stream_id, from_position, to_position, fingerprint) VALUES ('', '', 0, 0, zeroblob(?))"
	probeDelete = "DELETE FROM requests WHERE request_id = ''"
)

// minProbeBytes makes every probe take new pages (overflow pages, beyond
// the room left in the pages the file has): a small write that failed needed
// a new page too, which a probe that fits in an old one would not show.
const minProbeBytes = 4 * dbPageSize

// down records a write the file refused: WriterHealth reports it, and the
// writer probes until a transaction that writes commits again. size is
// what the refused write held, which a probe must find room for.
func (w *writer) down(err error, size int) {
	w.s.cfg.Logger.Error("event store write failed", "path", w.s.cfg.Path, "err", err)
	w.s.writing.Down(err)
	w.probeBytes = max(min(size, w.s.cfg.MaxPayloadBytes), minProbeBytes)
}

// up records a transaction that wrote and committed.
func (w *writer) up() {
	if w.s.writing.Up() {
		w.s.cfg.Logger.Info("event store writes again", "path", w.s.cfg.Path)
	}
}

// probe tries a write of probeBytes. A failure changes the error
// WriterHealth reports without a log line; a success ends the failure.
func (w *writer) probe() {
	ctx := context.Background()
	if _, err := w.stmts.begin.ExecContext(ctx); err != nil {
		w.s.writing.Down(fmt.Errorf("probe: begin: %w", err))
		return
	}
	_, err := w.conn.ExecContext(ctx, probeInsert, w.probeBytes)
	if err == nil {
		_, err = w.conn.ExecContext(ctx, probeDelete)
	}
	if err != nil {
		w.stmts.rollback.ExecContext(ctx)
		w.s.writing.Down(fmt.Errorf("probe: write %d bytes: %w", w.probeBytes, err))
		return
	}
	if _, err := w.stmts.commit.ExecContext(ctx); err != nil {
		w.stmts.rollback.ExecContext(ctx)
		w.s.writing.Down(fmt.Errorf("probe: commit: %w", err))
		return
	}
	w.up()
}

// next waits for the writer's next op. While writes fail it returns nil
// every events.ProbeInterval, to probe. ok is false once the store is
// closing.
func (w *writer) next() (o *events.WriteOp, ok bool) { return w.q.Next(w.s.writing.Wait()) }

// opBytes is what an op writes, near enough: its payloads.
func opBytes(ops ...*events.WriteOp) int {
	n := 0
	for _, o := range ops {
		for _, a := range o.Appends {
			for _, e := range a.Events {
				n += len(e.Payload)
			}
		}
		for _, e := range o.Imports {
			n += len(e.Payload)
		}
	}
	return n
}
