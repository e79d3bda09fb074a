package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

// jsonl writes one Claim per line in the API's own JSON (protojson,
// camelCase field names), the same message `claimctl claims show -o json`
// prints.
type jsonl struct {
	w   *bufio.Writer
	buf bytes.Buffer
}

// marshal is the one protojson setting of the package: empty lists and
// default scalars are written, so every claim carries id, kind, text, status
// and checks even when empty.
var marshal = protojson.MarshalOptions{EmitDefaultValues: true}

func (r *jsonl) Begin(w io.Writer) error {
	r.w = bufio.NewWriterSize(w, 64<<10)
	return nil
}

func (r *jsonl) Write(c *pb.Claim) error {
	b, err := marshal.Marshal(c)
	if err != nil {
		return fmt.Errorf("jsonl: claim %s: %w", c.GetId(), err)
	}
	// protojson varies its whitespace on purpose; compacting makes the
	// output byte-stable, which diffs and checksums of exports rely on.
	r.buf.Reset()
	if err := json.Compact(&r.buf, b); err != nil {
		return fmt.Errorf("jsonl: claim %s: %w", c.GetId(), err)
	}
	r.buf.WriteByte('\n')
	if _, err := r.w.Write(r.buf.Bytes()); err != nil {
		return fmt.Errorf("jsonl: %w", err)
	}
	return nil
}

func (r *jsonl) End() error {
	if err := r.w.Flush(); err != nil {
		return fmt.Errorf("jsonl: %w", err)
	}
	return nil
}
