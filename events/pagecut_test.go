package events

import (
	"errors"
	"testing"
)

// sizeRows serves (position, size) rows from memory.
type sizeRows struct {
	sizes   []int
	i       int
	scanErr error
	err     error
}

func (r *sizeRows) Next() bool { r.i++; return r.i <= len(r.sizes) }
func (r *sizeRows) Err() error { return r.err }
func (r *sizeRows) Scan(dest ...any) error {
	if r.scanErr != nil {
		return r.scanErr
	}
	*dest[0].(*uint64), *dest[1].(*int) = uint64(100+r.i), r.sizes[r.i-1]
	return nil
}

func TestCutPage(t *testing.T) {
	for _, tt := range []struct {
		name  string
		sizes []int
		max   int
		n     int
		last  uint64
		cut   bool
	}{
		{"empty", nil, 10, 0, 0, false},
		{"allFit", []int{3, 3, 4}, 10, 3, 103, false},
		{"cutWhereTheNextWouldNotFit", []int{5, 5, 1, 9}, 10, 2, 102, true},
		{"aLargeFirstEventIsTaken", []int{50, 1}, 10, 1, 101, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n, last, cut, err := CutPage(&sizeRows{sizes: tt.sizes}, tt.max)
			if err != nil || n != tt.n || last != tt.last || cut != tt.cut {
				t.Errorf("CutPage(%v, %d) = %d, %d, %v, %v; want %d, %d, %v", tt.sizes, tt.max, n, last, cut, err, tt.n, tt.last, tt.cut)
			}
		})
	}
	boom := errors.New("boom")
	if _, _, _, err := CutPage(&sizeRows{sizes: []int{1}, scanErr: boom}, 10); !errors.Is(err, boom) {
		t.Errorf("scan error: %v", err)
	}
	if _, _, _, err := CutPage(&sizeRows{sizes: []int{1}, err: boom}, 10); !errors.Is(err, boom) {
		t.Errorf("rows error: %v", err)
	}
}
