package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/claimledger/claimledger/adapters/export"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// outputFlag is -o, limited to the formats a command supports.
type outputFlag struct {
	value   string
	allowed []string
}

func (o *outputFlag) String() string { return o.value }

func (o *outputFlag) Set(s string) error {
	if !slices.Contains(o.allowed, s) {
		return fmt.Errorf("want one of %s", strings.Join(o.allowed, "|"))
	}
	o.value = s
	return nil
}

// output registers -o; the first format is the default.
func output(fs *flag.FlagSet, allowed ...string) *outputFlag {
	o := &outputFlag{value: allowed[0], allowed: allowed}
	fs.Var(o, "o", "output format: "+strings.Join(allowed, "|"))
	return o
}

// pj is how the API's messages are printed: protojson, camelCase names,
// default values included so every claim carries id, kind, text, status
// and checks even when empty.
var pj = protojson.MarshalOptions{EmitDefaultValues: true}

// compactJSON renders m on one line. protojson randomises its whitespace
// on purpose; passing it through encoding/json makes the output stable,
// which diffs and golden files rely on.
func compactJSON(m proto.Message) ([]byte, error) {
	b, err := pj.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	return out.Bytes(), nil
}

// writeJSON prints m indented, as one document.
func writeJSON(w io.Writer, m proto.Message) error {
	return writeIndented(w, m, "")
}

func writeIndented(w io.Writer, m proto.Message, prefix string) error {
	b, err := compactJSON(m)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, prefix, "  "); err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}

// writeJSONL prints m on one line.
func writeJSONL(w io.Writer, m proto.Message) error {
	b, err := compactJSON(m)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// jsonArray streams messages as one indented JSON array, so a long list is
// printed as it arrives.
type jsonArray struct {
	w io.Writer
	n int
}

func (a *jsonArray) add(m proto.Message) error {
	sep := ",\n  "
	if a.n == 0 {
		sep = "[\n  "
	}
	a.n++
	if _, err := io.WriteString(a.w, sep); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeIndented(&buf, m, "  "); err != nil {
		return err
	}
	_, err := a.w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return err
}

func (a *jsonArray) close() error {
	end := "\n]\n"
	if a.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(a.w, end)
	return err
}

// when formats a timestamp for tables: UTC to the second, fixed width.
func when(t *timestamppb.Timestamp) string {
	if t == nil {
		return "-"
	}
	return t.AsTime().UTC().Format(time.RFC3339)
}

func statusName(s pb.ClaimStatus) string { return export.StatusName(s) }
func kindName(k pb.ClaimKind) string     { return export.KindName(k) }

func verdictName(v pb.Verdict) string {
	return strings.ToLower(strings.TrimPrefix(v.String(), "VERDICT_"))
}

func reasonName(r pb.DisputeReason) string {
	return strings.ToLower(strings.TrimPrefix(r.String(), "DISPUTE_REASON_"))
}

func roleName(r pb.Role) string { return strings.ToLower(strings.TrimPrefix(r.String(), "ROLE_")) }

func resultName(r pb.CheckResult) string {
	return strings.ToLower(strings.TrimPrefix(r.String(), "CHECK_RESULT_"))
}

// parseEnum reads a user's lower-case name ("under_review") into an enum
// value, given the generated name→value map and the enum's prefix.
func parseEnum(flagName, s, prefix string, values map[string]int32) (int32, error) {
	key := prefix + strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "-", "_"))
	v, ok := values[key]
	if !ok || v == 0 {
		var names []string
		for name, n := range values {
			if n != 0 {
				names = append(names, strings.ToLower(strings.TrimPrefix(name, prefix)))
			}
		}
		slices.Sort(names)
		return 0, usagef("--%s %q: want one of %s", flagName, s, strings.Join(names, ", "))
	}
	return v, nil
}
