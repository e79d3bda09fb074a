package events

import (
	"context"
	"fmt"
)

// ValidateAll checks each request of an AppendAll as Validate does, and
// says which one failed when there are several.
func ValidateAll(reqs []AppendRequest, maxPayload int) error {
	if len(reqs) == 0 {
		return fmt.Errorf("%w: no appends", ErrInvalidEvent)
	}
	for i := range reqs {
		if err := reqs[i].Validate(maxPayload); err != nil {
			if len(reqs) > 1 {
				err = fmt.Errorf("append %d of %d: %w", i+1, len(reqs), err)
			}
			return err
		}
	}
	return nil
}

// AppendOne is Append for a store whose one way in is AppendAll: the
// request alone, all or nothing as AppendAll promises.
func AppendOne(ctx context.Context, m MultiAppender, req AppendRequest) (AppendResult, error) {
	all, err := m.AppendAll(ctx, []AppendRequest{req})
	if err != nil {
		return AppendResult{}, err
	}
	return all[0], nil
}
