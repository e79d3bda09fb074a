package storetest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/claimledger/claimledger/events"
)

// Guarantee 9: verification finds a changed, deleted, inserted or
// reordered event and names its position.
func (s *suite) testTamper(t *testing.T) {
	const total, at = 20, 10
	dir := t.TempDir()
	st := s.openStore(t, dir)
	for i, n := range []int{4, 1, 3, 5, 2, 5} { // positions 9..11 share one append
		mustAppend(t, st, events.AppendRequest{StreamID: fmt.Sprint("claim-", i%3), Expected: events.Any, Events: batch(n, 10*i)})
	}
	if h := mustHead(t, st); h.pos != total {
		t.Fatalf("built a log of %d events, want %d", h.pos, total)
	}

	t.Run("untouchedLogVerifies", func(t *testing.T) {
		assertVerifies(t, st, 0, 0, total)
		for _, r := range [][2]uint64{{1, total}, {1, 1}, {1, at}, {5, 15}, {at, at + 1}, {total, total}, {total - 3, 0}} {
			assertVerifies(t, st, r[0], r[1], total)
		}
	})
	mustClose(t, st)

	t.Run("tampered", func(t *testing.T) {
		if s.f.Tamper == nil {
			t.Skip("Features.Tamper is nil: the adapter offers no way to change its storage behind its back, so tamper evidence is not tested")
		}
		tests := []struct {
			name string
			op   TamperOp
			want uint64 // the position Verify must name
		}{
			{"findsChangedEvent", TamperUpdate, at},
			{"findsDeletedEvent", TamperDelete, at},
			// The forged row takes position at+1. Its stored hash cannot match
			// its content unless the forger reseals it onto the chain; a
			// resealed forgery is only found at the genuine event after it
			// (the chain holds no secret), so Tamper must not reseal.
			{"findsInsertedEvent", TamperInsert, at + 1},
			{"findsReorderedEvent", TamperReorder, at},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				cp := t.TempDir()
				copyDir(t, dir, cp)
				s.f.Tamper(t, cp, tt.op, at)
				tampered := s.openStore(t, cp)
				rep, err := tampered.Verify(t.Context(), 0, 0)
				if err != nil && !errors.Is(err, events.ErrTampered) {
					t.Fatalf("Verify after %s at %d: %v; want a report naming the fault", tt.op, at, err)
				}
				switch {
				case rep.OK():
					t.Fatalf("Verify after %s at %d: OK with %d checked, want a fault at position %d", tt.op, at, rep.Checked, tt.want)
				case rep.Fault.Position != tt.want:
					t.Errorf("Verify after %s at %d: fault at position %d (%s), want position %d", tt.op, at, rep.Fault.Position, rep.Fault.Reason, tt.want)
				case !errors.Is(rep.Fault, events.ErrTampered):
					t.Errorf("Verify after %s: the fault %v is not errors.Is ErrTampered", tt.op, rep.Fault)
				}
				// The events before the tampered one still verify.
				assertVerifies(t, tampered, 1, at-1, at-1)
			})
		}
	})

	t.Run("originalStillVerifiesAfterReopening", func(t *testing.T) {
		orig := s.openStore(t, dir)
		assertVerifies(t, orig, 0, 0, total)
		assertVerifies(t, orig, 3, 17, total)
	})
}

// assertVerifies checks that Verify(from, to) is OK and checked every
// event in the range (to 0 meaning head).
func assertVerifies(t *testing.T, st events.Store, from, to, head uint64) {
	t.Helper()
	rep, err := st.Verify(t.Context(), from, to)
	if err != nil {
		t.Fatalf("Verify(%d, %d): %v", from, to, err)
	}
	last := to
	if last == 0 {
		last = head
	}
	want := last - max(from, 1) + 1
	if !rep.OK() {
		t.Errorf("Verify(%d, %d) of an untouched log: fault at position %d: %s", from, to, rep.Fault.Position, rep.Fault.Reason)
	}
	if rep.Checked != want {
		t.Errorf("Verify(%d, %d): Checked = %d, want %d", from, to, rep.Checked, want)
	}
}

// copyDir copies every file under src into dst, keeping the layout.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", path)
		}
		return copyFile(path, target)
	})
	if err != nil {
		t.Fatalf("copy %s to %s: %v", src, dst, err)
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
