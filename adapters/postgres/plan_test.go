package postgres_test

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// Many appenders at once, so that batches mix every kind of op: appends
// that succeed, appends at a wrong version, multi-appends whose second
// request conflicts with their first (the whole op must fail and leave
// the batch's other ops intact), appends to one shared stream from all,
// and retries of recorded requests. Whatever path each batch took, the
// log holds exactly the acknowledged appends, at the positions and
// versions their results name, on one verifying chain.
func TestStore_mixedBatches(t *testing.T) {
	dsn := pgtest.DSN(t)
	s := openIn(t, dsn, pgtest.NewSchema(t, dsn), postgres.Config{})
	const appenders, rounds = 32, 24
	ev := func(g, i, k int) []events.Proposed {
		return []events.Proposed{{Type: "test.happened", Payload: fmt.Appendf(nil, `{"g":%d,"i":%d,"k":%d}`, g, i, k)}}
	}
	var mu sync.Mutex
	var acked []events.AppendResult
	var wg sync.WaitGroup
	for g := range appenders {
		wg.Go(func() {
			ctx := t.Context()
			own := fmt.Sprint("claim-own", g)
			var v uint64
			var last events.AppendRequest
			for i := range rounds {
				var res []events.AppendResult
				var err error
				switch i % 5 {
				case 0:
					last = events.AppendRequest{StreamID: own, Expected: events.Exact(v), RequestID: fmt.Sprint("rq-", g, "-", i), Events: ev(g, i, 0)}
					var r events.AppendResult
					r, err = s.Append(ctx, last)
					res = []events.AppendResult{r}
				case 1: // a wrong version: refused, nothing written
					_, err = s.Append(ctx, events.AppendRequest{StreamID: own, Expected: events.Exact(v + 5), Events: ev(g, i, 0)})
					if !errors.Is(err, events.ErrConcurrency) {
						t.Errorf("append at a wrong version: %v, want ErrConcurrency", err)
					}
					continue
				case 2:
					res, err = s.AppendAll(ctx, []events.AppendRequest{
						{StreamID: own, Expected: events.Exact(v), Events: ev(g, i, 0)},
						{StreamID: own, Expected: events.Exact(v + 1), Events: ev(g, i, 1)},
						{StreamID: "claim-shared", Expected: events.Any, Events: ev(g, i, 2)}})
				case 3: // the second conflicts with the first: all refused
					_, err = s.AppendAll(ctx, []events.AppendRequest{
						{StreamID: "claim-shared", Expected: events.Any, Events: ev(g, i, 0)},
						{StreamID: own, Expected: events.Exact(v), Events: ev(g, i, 1)},
						{StreamID: own, Expected: events.Exact(v), Events: ev(g, i, 2)}})
					if !errors.Is(err, events.ErrConcurrency) {
						t.Errorf("multi-append with a conflict inside: %v, want ErrConcurrency", err)
					}
					continue
				case 4: // a retry: the first result, nothing written
					r, err := s.Append(ctx, last)
					if err != nil || !r.Replayed {
						t.Errorf("retry of %s: %+v, %v", last.RequestID, r, err)
					}
					continue
				}
				if err != nil {
					t.Errorf("appender %d round %d: %v", g, i, err)
					return
				}
				for _, r := range res {
					if r.StreamID == own {
						v = r.ToVersion
					}
				}
				mu.Lock()
				acked = append(acked, res...)
				mu.Unlock()
			}
		})
	}
	wg.Wait()

	all := readAll(t, s)
	total := 0
	for _, r := range acked {
		total += len(r.Events)
		if got := all[r.FromPosition-1 : r.ToPosition]; !reflect.DeepEqual(got, r.Events) {
			t.Errorf("the log at %d-%d is not what the append there was told", r.FromPosition, r.ToPosition)
		}
	}
	if len(all) != total {
		t.Errorf("the log holds %d events, the acknowledged appends %d", len(all), total)
	}
	versions := map[string]uint64{}
	for i, e := range all {
		versions[e.StreamID]++
		if e.Position != uint64(i+1) || e.Version != versions[e.StreamID] {
			t.Fatalf("event %d: position %d, %s version %d; want gap-free positions and dense versions", i, e.Position, e.StreamID, e.Version)
		}
	}
	if rep, err := s.Verify(t.Context(), 0, 0); err != nil || !rep.OK() || rep.Checked != uint64(total) {
		t.Errorf("Verify = %+v, %v", rep, err)
	}
}
