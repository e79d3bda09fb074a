package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/claimledger/claimledger/events"
)

// Guarantee 5: the global log is commit-ordered and a subscriber never skips.
func (s *suite) testSubscribe(t *testing.T) {
	t.Run("tailingSubscriberSeesEveryEventOnceInOrder", s.testSubscribeTail)
	t.Run("startsAfterGivenPosition", s.testSubscribeAfter)
	t.Run("endsWhenContextIsDone", s.testSubscribeCancel)
	t.Run("endsOnClose", s.testSubscribeClose)
}

func (s *suite) testSubscribeTail(t *testing.T) {
	const writers, appends, seeded = 4, 200, 10
	st, _ := s.freshStore(t)
	mustAppend(t, st, events.AppendRequest{StreamID: "seed-1", Expected: events.NoStream, Events: batch(seeded, 0)})
	sub := subscribe(t, st, t.Context(), 0) // catch-up first, then live

	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			stream := fmt.Sprintf("tail-%d", w)
			for i := range appends {
				_, err := st.Append(context.Background(), events.AppendRequest{StreamID: stream, Expected: events.Exact(uint64(i)),
					Events: []events.Proposed{ev("tail.appended", fmt.Sprintf(`{"w":%d,"i":%d}`, w, i))}})
				if err != nil {
					errs <- fmt.Errorf("writer %d, append %d: %w", w, i, err)
					return
				}
			}
		})
	}
	total := seeded + writers*appends
	got := collect(t, sub, 0, total)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assertDensePositions(t, "subscription", got, 1)
	assertSameEnvelopes(t, "subscription vs ReadAll", got, readAll(t, st, 0, 0))
	assertQuiet(t, sub)
}

func (s *suite) testSubscribeAfter(t *testing.T) {
	st, _ := s.freshStore(t)
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-1", Expected: events.NoStream, Events: batch(6, 0)})
	for _, after := range []uint64{0, 1, 3, 5, 6} {
		t.Run(fmt.Sprint("after", after), func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			sub := subscribe(t, st, ctx, after)
			got := collect(t, sub, after, 6-int(after))
			assertDensePositions(t, fmt.Sprintf("Subscribe(after %d)", after), got, after+1)
			assertQuiet(t, sub)
		})
	}
}

// ended waits for sub's channel to close and returns how long it took.
func ended(t *testing.T, sub events.Subscription) {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case _, ok := <-sub.Events():
			if !ok {
				return
			}
		case <-deadline:
			t.Fatalf("subscription still open %v after it should have ended", waitLimit)
		}
	}
}

func (s *suite) testSubscribeCancel(t *testing.T) {
	st, _ := s.freshStore(t)
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-1", Expected: events.NoStream, Events: batch(2, 0)})
	ctx, cancel := context.WithCancel(t.Context())
	sub := subscribe(t, st, ctx, 0)
	collect(t, sub, 0, 2)
	cancel()
	ended(t, sub)
	if err := sub.Err(); err != nil {
		t.Errorf("Err after the context was cancelled = %v, want nil", err)
	}
}

func (s *suite) testSubscribeClose(t *testing.T) {
	st, _ := s.freshStore(t)
	mustAppend(t, st, events.AppendRequest{StreamID: "claim-1", Expected: events.NoStream, Events: batch(2, 0)})

	sub := subscribe(t, st, t.Context(), 0)
	collect(t, sub, 0, 2)
	if err := sub.Close(); err != nil {
		t.Errorf("Subscription.Close: %v", err)
	}
	ended(t, sub)
	if err := sub.Err(); err != nil {
		t.Errorf("Err after Subscription.Close = %v, want nil", err)
	}

	live := subscribe(t, st, t.Context(), 2)
	mustClose(t, st)
	ended(t, live) // closing the store ends its subscriptions
}
