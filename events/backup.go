package events

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// A backup is an export of the log up to the head at the time it started,
// then one line naming that head: events appended meanwhile are left for
// the next backup, and a copy cut short (a full disk, a dropped stream)
// lacks the last line and is refused instead of restored as a shorter log.

// BackupHead is the head a backup ends at.
type BackupHead struct {
	Position uint64 `json:"position"`
	Hash     []byte `json:"hash"`
}

// ErrBadBackup marks a backup that cannot be restored as it is.
var ErrBadBackup = errors.New("bad backup")

// WriteBackup writes the events up to the head as it is now, then the
// head line. Appends go on meanwhile: the events up to the head never
// change, so the copy is consistent without holding anything.
func WriteBackup(ctx context.Context, s Store, w io.Writer) (BackupHead, error) {
	pos, hash, err := s.Head(ctx)
	if err != nil {
		return BackupHead{}, fmt.Errorf("backup: read head: %w", err)
	}
	head := BackupHead{Position: pos, Hash: hash}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	n, err := exportUpTo(ctx, s, enc, pos)
	if err != nil {
		return head, fmt.Errorf("backup: %w", err)
	}
	if n != pos {
		return head, fmt.Errorf("backup: read %d events up to the head at %d", n, pos)
	}
	if err := enc.Encode(record{BackupHead: &head}); err != nil {
		return head, fmt.Errorf("backup: %w", err)
	}
	return head, bw.Flush()
}

// ReadBackup calls fn with each event of a backup in order, and returns the
// head line. A backup without it, or with anything after it, is
// ErrBadBackup.
func ReadBackup(r io.Reader, fn func(*Envelope) error) (BackupHead, error) {
	dec := json.NewDecoder(bufio.NewReader(r))
	var n uint64
	for {
		var e Envelope
		rec := record{Envelope: &e}
		err := dec.Decode(&rec)
		if err == io.EOF {
			return BackupHead{}, fmt.Errorf("%w: it ends after %d events without its head line (cut short?)", ErrBadBackup, n)
		}
		if err != nil {
			return BackupHead{}, fmt.Errorf("%w: line %d: %w", ErrBadBackup, n+1, err)
		}
		if rec.BackupHead != nil {
			if dec.More() {
				return BackupHead{}, fmt.Errorf("%w: data after the head line", ErrBadBackup)
			}
			return *rec.BackupHead, nil
		}
		e.Payload = rec.Payload
		if rec.PayloadBase64 != nil {
			e.Payload = rec.PayloadBase64
		}
		n++
		if err := fn(&e); err != nil {
			return BackupHead{}, err
		}
	}
}

// VerifyBackup checks a backup's hash chain from the first event to its
// head line, writing nothing anywhere.
func VerifyBackup(r io.Reader) (VerifyReport, error) {
	v := NewVerifier(1, nil)
	head, err := ReadBackup(r, func(e *Envelope) error {
		if f := v.Add(e); f != nil {
			return f
		}
		return nil
	})
	if err != nil {
		var f *Fault
		if errors.As(err, &f) {
			return v.Report(), nil
		}
		return v.Report(), err
	}
	if head.Position == 0 && v.Report().Checked == 0 {
		return v.Report(), nil // an empty log
	}
	return v.Finish(head.Position, head.Hash), nil
}

// RestoreBackup imports a backup into s, a batch at a time; the store
// checks each batch's chain before writing it. Verify the backup first
// (VerifyBackup) so that a bad one writes nothing at all.
func RestoreBackup(ctx context.Context, s Store, r io.Reader) (BackupHead, error) {
	batch := make([]Envelope, 0, DefaultPageSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := s.Import(ctx, batch); err != nil {
			return fmt.Errorf("restore at position %d: %w", batch[0].Position, err)
		}
		batch = batch[:0]
		return nil
	}
	head, err := ReadBackup(r, func(e *Envelope) error {
		batch = append(batch, *e)
		if len(batch) == cap(batch) {
			return flush()
		}
		return nil
	})
	if err != nil {
		return head, err
	}
	return head, flush()
}
