package events

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// Export writes the whole log, one JSON envelope per line, in position
// order, a page at a time so memory stays constant.
func Export(ctx context.Context, s Store, w io.Writer) (uint64, error) {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	var after, n uint64
	for {
		page, err := s.ReadAll(ctx, after, DefaultPageSize)
		if err != nil {
			return n, fmt.Errorf("export after position %d: %w", after, err)
		}
		if len(page) == 0 {
			return n, bw.Flush()
		}
		for i := range page {
			if err := enc.Encode(&page[i]); err != nil {
				return n, fmt.Errorf("export position %d: %w", page[i].Position, err)
			}
		}
		n += uint64(len(page))
		after = page[len(page)-1].Position
	}
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
		err := dec.Decode(&e)
		if err == io.EOF {
			return n, flush()
		}
		if err != nil {
			return n, fmt.Errorf("import: line after position %d: %w", n, err)
		}
		batch = append(batch, e)
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
}
