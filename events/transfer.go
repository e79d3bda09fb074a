package events

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// record is one exported line: the envelope with its payload as base64, so
// the stored bytes (which the hash covers) survive the trip exactly, where
// an embedded JSON value would be re-encoded. Import also reads lines whose
// payload is plain JSON under "payload" (an envelope as encoding/json writes
// it), keeping those bytes as they appear in the line.
type record struct {
	*Envelope
	Payload       json.RawMessage `json:"payload,omitempty"`
	PayloadBase64 []byte          `json:"payload_base64,omitempty"`
	// BackupHead is set on the last line of a backup only.
	BackupHead *BackupHead `json:"backup_head,omitempty"`
}

// Export writes the whole log, one JSON record per line, in position
// order, a page at a time so memory stays constant.
func Export(ctx context.Context, s Store, w io.Writer) (uint64, error) {
	bw := bufio.NewWriter(w)
	n, err := exportUpTo(ctx, s, json.NewEncoder(bw), 0)
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// exportUpTo encodes the events up to position to (0: to the end, however
// far the log grows meanwhile).
func exportUpTo(ctx context.Context, s Store, enc *json.Encoder, to uint64) (uint64, error) {
	var after, n uint64
	for to == 0 || after < to {
		page, err := s.ReadAll(ctx, after, DefaultPageSize)
		if err != nil {
			return n, fmt.Errorf("export after position %d: %w", after, err)
		}
		if len(page) == 0 {
			break
		}
		for i := range page {
			if to != 0 && page[i].Position > to {
				return n, nil
			}
			if err := enc.Encode(record{Envelope: &page[i], PayloadBase64: page[i].Payload}); err != nil {
				return n, fmt.Errorf("export position %d: %w", page[i].Position, err)
			}
			n++
		}
		after = page[len(page)-1].Position
	}
	return n, nil
}

// Import reads what Export wrote and imports it in batches. Each batch is
// atomic; the chain is verified by the store before a batch is written.
func Import(ctx context.Context, s Store, r io.Reader) (uint64, error) {
	dec := json.NewDecoder(bufio.NewReader(r))
	batch := make([]Envelope, 0, DefaultPageSize)
	var n uint64
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := s.Import(ctx, batch); err != nil {
			return fmt.Errorf("import at position %d: %w", batch[0].Position, err)
		}
		n += uint64(len(batch))
		batch = batch[:0]
		return nil
	}
	for {
		var e Envelope
		rec := record{Envelope: &e}
		err := dec.Decode(&rec)
		if err == io.EOF {
			return n, flush()
		}
		if err != nil {
			return n, fmt.Errorf("import: line after position %d: %w", n, err)
		}
		e.Payload = rec.Payload
		if rec.PayloadBase64 != nil {
			e.Payload = rec.PayloadBase64
		}
		batch = append(batch, e)
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
}
