package events

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
)

// memLog is just enough of a Store for Export and Import: ReadAll over a
// slice, and Import that verifies and appends.
type memLog struct {
	Store // the methods Export and Import do not use panic
	envs  []Envelope
	calls []int // size of every Import call
}

func (m *memLog) ReadAll(_ context.Context, after uint64, limit int) ([]Envelope, error) {
	if limit <= 0 {
		limit = DefaultPageSize
	}
	i := min(int(after), len(m.envs))
	return slices.Clone(m.envs[i:min(i+limit, len(m.envs))]), nil
}

func (m *memLog) Import(_ context.Context, envs []Envelope) error {
	m.calls = append(m.calls, len(envs))
	last := GenesisHash
	if len(m.envs) > 0 {
		last = m.envs[len(m.envs)-1].Hash
	}
	if len(envs) > 0 && envs[0].Position != uint64(len(m.envs))+1 {
		return ErrNotEmpty
	}
	v := NewVerifier(uint64(len(m.envs))+1, last)
	for i := range envs {
		if f := v.Add(&envs[i]); f != nil {
			return f
		}
	}
	m.envs = append(m.envs, cloneAll(envs)...) // Import reuses its batch
	return nil
}

func cloneAll(es []Envelope) []Envelope {
	out := slices.Clone(es)
	for i := range out {
		out[i].Payload = slices.Clone(out[i].Payload)
	}
	return out
}

func TestExport_writesOneEnvelopePerLineInPositionOrder(t *testing.T) {
	src := &memLog{envs: sealedLog(2*DefaultPageSize + 5)} // three pages
	var buf bytes.Buffer
	n, err := Export(context.Background(), src, &buf)
	if err != nil || n != uint64(len(src.envs)) {
		t.Fatalf("Export = %d, %v; want %d", n, err, len(src.envs))
	}
	sc := bufio.NewScanner(&buf)
	var pos uint64
	for sc.Scan() {
		var e Envelope
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %d: %v", pos+1, err)
		}
		if pos++; e.Position != pos {
			t.Fatalf("line %d holds position %d", pos, e.Position)
		}
	}
	if pos != n {
		t.Errorf("%d lines, want %d", pos, n)
	}
}

func TestExportImport_roundTripInBatches(t *testing.T) {
	src := &memLog{envs: sealedLog(DefaultPageSize + 3)}
	var buf bytes.Buffer
	if _, err := Export(context.Background(), src, &buf); err != nil {
		t.Fatal(err)
	}
	dst := &memLog{}
	n, err := Import(context.Background(), dst, &buf)
	if err != nil || n != uint64(len(src.envs)) {
		t.Fatalf("Import = %d, %v; want %d", n, err, len(src.envs))
	}
	if !slices.Equal(dst.calls, []int{DefaultPageSize, 3}) {
		t.Errorf("Import called the store with batches %v, want [%d 3]", dst.calls, DefaultPageSize)
	}
	for i := range src.envs {
		if d := diffEnvelope(dst.envs[i], src.envs[i]); d != "" {
			t.Fatalf("position %d: %s", i+1, d)
		}
	}
}

// The stored payload bytes are the hashed bytes, so an export must carry
// them verbatim: whitespace and characters that encoding/json would
// HTML-escape included.
func TestExportImport_keepsPayloadBytesVerbatim(t *testing.T) {
	payloads := []string{`{"a": 1}`, `{"note":"S&P <500>"}`, "[1,\n 2]", `"\u2028"`}
	c := NewChain(GenesisHash)
	src := &memLog{}
	for i, p := range payloads {
		e := sealedLog(1)[0]
		e.Position, e.Payload = uint64(i+1), []byte(p)
		c.Seal(&e)
		src.envs = append(src.envs, e)
	}
	var buf bytes.Buffer
	if _, err := Export(context.Background(), src, &buf); err != nil {
		t.Fatal(err)
	}
	dst := &memLog{}
	if _, err := Import(context.Background(), dst, &buf); err != nil {
		t.Fatalf("Import of an export: %v", err)
	}
	for i := range src.envs {
		if !bytes.Equal(dst.envs[i].Payload, src.envs[i].Payload) {
			t.Errorf("position %d: payload %q came back as %q", i+1, src.envs[i].Payload, dst.envs[i].Payload)
		}
	}
}

func TestImport_stopsAtTheFirstRefusedBatch(t *testing.T) {
	log := sealedLog(DefaultPageSize + 10)
	log[DefaultPageSize+4].Payload = []byte(`{"changed":true}`) // in the second batch
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := range log {
		if err := enc.Encode(&log[i]); err != nil {
			t.Fatal(err)
		}
	}
	dst := &memLog{}
	n, err := Import(context.Background(), dst, &buf)
	if !errors.Is(err, ErrTampered) {
		t.Fatalf("Import = %v, want errors.Is ErrTampered", err)
	}
	if n != DefaultPageSize || len(dst.envs) != DefaultPageSize {
		t.Errorf("Import reported %d and stored %d, want the first batch of %d", n, len(dst.envs), DefaultPageSize)
	}
}

func TestImport_refusesMalformedInput(t *testing.T) {
	dst := &memLog{}
	_, err := Import(context.Background(), dst, bytes.NewBufferString(fmt.Sprintf("%s\n{not json\n", mustJSON(t, sealedLog(1)[0]))))
	if err == nil {
		t.Fatal("Import of a malformed line succeeded")
	}
	if len(dst.envs) != 0 {
		t.Errorf("Import stored %d events before a malformed line in the same batch", len(dst.envs))
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
