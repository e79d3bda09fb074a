package memviews

import (
	"context"
	"fmt"
	"slices"

	"github.com/claimledger/claimledger/app"
)

// matchIndex files claims under their match keys. Each key's claims are
// kept sorted, so a lookup reads the first few of each key without looking
// at the rest.
type matchIndex struct {
	byKey   map[string][]string // sorted claim ids
	byClaim map[string][]string // the keys each claim is filed under
}

func newMatchIndex() matchIndex {
	return matchIndex{byKey: map[string][]string{}, byClaim: map[string][]string{}}
}

// file moves claim id to keys.
func (x matchIndex) file(id string, keys []string) {
	for _, k := range x.byClaim[id] {
		ids := x.byKey[k]
		if i, ok := slices.BinarySearch(ids, id); ok {
			ids = slices.Delete(ids, i, i+1)
		}
		if len(ids) == 0 {
			delete(x.byKey, k)
		} else {
			x.byKey[k] = ids
		}
	}
	for _, k := range keys {
		ids := x.byKey[k]
		if i, ok := slices.BinarySearch(ids, id); !ok {
			x.byKey[k] = slices.Insert(ids, i, id)
		}
	}
	if len(keys) == 0 {
		delete(x.byClaim, id)
	} else {
		x.byClaim[id] = slices.Clone(keys)
	}
}

// MatchCandidates implements app.ViewReader.
func (v *Views) MatchCandidates(ctx context.Context, keys []string, perKey int) ([]app.ClaimView, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	var ids []string
	for _, k := range keys {
		list := v.rows.index.byKey[k]
		ids = append(ids, list[:min(len(list), max(perKey, 0))]...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := make([]app.ClaimView, 0, len(ids))
	for _, id := range ids {
		c, ok, err := get[app.ClaimView](v.rows.claims, id)
		if err != nil {
			return nil, fmt.Errorf("match candidates: %w", err)
		}
		if ok {
			out = append(out, c)
		}
	}
	return out, nil
}
