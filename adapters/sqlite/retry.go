package sqlite

import (
	"context"
	"log/slog"
	"time"
)

// Retry pacing of a consumer whose transactions keep failing (a full disk,
// a locked file, a handler that nacks): the wait doubles from
// retryMinBackoff to retryMaxBackoff, and while it fails the log gets the
// first failure, then one summary every retrySummaryEvery, then the
// recovery. Without it a failing commit was retried at once, hundreds of
// times a second, each with a log line.
const (
	retryMinBackoff   = 10 * time.Millisecond
	retryMaxBackoff   = 5 * time.Second
	retrySummaryEvery = 30 * time.Second
)

// retrier paces and reports the retries of one consumer. It is used by one
// goroutine.
type retrier struct {
	log                      *slog.Logger
	minWait, maxWait, report time.Duration
	now                      func() time.Time
	// sleep waits d, or returns false as soon as ctx is done.
	sleep func(ctx context.Context, d time.Duration) bool
	// state, if not nil, learns each change: the error when the consumer
	// starts failing, nil when it commits again.
	state func(err error)

	failures int       // since the last success
	since    time.Time // of the first of them
	reported time.Time // of the last log line about them
	wait     time.Duration
}

func newRetrier(log *slog.Logger, state func(error)) *retrier {
	return &retrier{log: log, minWait: retryMinBackoff, maxWait: retryMaxBackoff, report: retrySummaryEvery,
		now: time.Now, sleep: sleepCtx, state: state}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// failed records a failed attempt and waits before the next one. It returns
// false when ctx ended the wait.
func (r *retrier) failed(ctx context.Context, err error) bool {
	now := r.now()
	r.failures++
	if r.failures == 1 {
		r.since, r.reported, r.wait = now, now, r.minWait
		r.log.Error("consumer transaction failed; retrying with backoff", "err", err, "retry_in", r.wait)
		if r.state != nil {
			r.state(err)
		}
	} else {
		r.wait = min(2*r.wait, r.maxWait)
		if now.Sub(r.reported) >= r.report {
			r.reported = now
			r.log.Error("consumer transaction still failing", "failures", r.failures,
				"for", now.Sub(r.since).Round(time.Second), "err", err, "retry_in", r.wait)
		}
	}
	return r.sleep(ctx, r.wait)
}

// succeeded records a commit; after failures it logs the recovery.
func (r *retrier) succeeded() {
	if r.failures == 0 {
		return
	}
	r.log.Info("consumer transaction recovered", "failures", r.failures, "after", r.now().Sub(r.since).Round(time.Millisecond))
	r.failures = 0
	if r.state != nil {
		r.state(nil)
	}
}
