package events

import (
	"context"
	"fmt"
)

// VerifyPage is how many events VerifyLog reads at a time.
const VerifyPage = 2000

// LogPager reads what VerifyLog needs of a store: its recorded head, one
// stored hash, and pages of the log.
type LogPager interface {
	HashReader
	Head(ctx context.Context) (uint64, []byte, error)
	// PageRange returns the events with position > after and, unless to
	// is 0, <= to, in position order, at most limit of them.
	PageRange(ctx context.Context, after, to uint64, limit int) ([]Envelope, error)
}

// VerifyLog is Store.Verify over a store's own reads: it reads the events
// from..to (to 0: the head) in position order and recomputes every hash
// from the hash before from; when the range reaches the head it also
// checks the separately recorded head, so a deleted or added tail is
// found.
func VerifyLog(ctx context.Context, s LogPager, from, to uint64) (VerifyReport, error) {
	headPos, headHash, err := s.Head(ctx)
	if err != nil {
		return VerifyReport{}, err
	}
	from = max(from, 1)
	var prev []byte // nil when missing: the first event's prev_hash is trusted
	if from > 1 {
		if prev, _, err = s.HashAt(ctx, from-1); err != nil {
			return VerifyReport{}, fmt.Errorf("verify: %w", err)
		}
	}
	v := NewVerifier(from, prev)
	for after := from - 1; ; {
		page, err := s.PageRange(ctx, after, to, VerifyPage)
		if err != nil {
			return VerifyReport{}, fmt.Errorf("verify: %w", err)
		}
		for i := range page {
			if f := v.Add(&page[i]); f != nil {
				return v.Report(), nil
			}
		}
		if len(page) < VerifyPage {
			break
		}
		after = page[len(page)-1].Position
	}
	if to == 0 || to >= headPos {
		return v.Finish(headPos, headHash), nil
	}
	return v.Finish(0, nil), nil
}
