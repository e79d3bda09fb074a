package grpcadapter

import (
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

// rateLogEvery is how often a token that keeps hitting its limit gets a log
// line: every refused call logged would let one client flood the log.
const rateLogEvery = 10 * time.Second

// limiter is the per-caller rate limit: a token bucket per token, filled at
// perSecond calls a second up to burst. Only authenticated calls draw from
// it, so nobody can drain another's bucket with a guessed token id, and the
// buckets are as many as the tokens in use.
type limiter struct {
	perSecond rate.Limit
	burst     int
	mu        sync.Mutex
	buckets   map[string]*bucket
}

type bucket struct {
	lim        *rate.Limiter
	refused    int // calls refused since the last logged refusal
	lastLogged time.Time
}

// newLimiter returns nil, no limit, for a rate of +Inf.
func newLimiter(perSecond float64, burst int) *limiter {
	if math.IsInf(perSecond, 1) {
		return nil
	}
	return &limiter{perSecond: rate.Limit(perSecond), burst: burst, buckets: map[string]*bucket{}}
}

// allow takes one call from tokenID's bucket. A refusal is
// RESOURCE_EXHAUSTED saying when to retry; quiet says the refusal needs no
// log line of its own, and suppressed how many went unlogged before a
// logged one.
func (l *limiter) allow(tokenID string, now time.Time) (quiet bool, suppressed int, err error) {
	if l == nil {
		return false, 0, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[tokenID]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(l.perSecond, l.burst)}
		l.buckets[tokenID] = b
	}
	r := b.lim.ReserveN(now, 1)
	wait := r.DelayFrom(now)
	if r.OK() && wait == 0 {
		return false, 0, nil
	}
	r.CancelAt(now)
	wait = max(wait, time.Millisecond).Round(time.Millisecond)
	st := status.New(codes.ResourceExhausted, fmt.Sprintf(
		"rate limit: more than %g calls a second (bursts of %d) with this token; retry in %v",
		float64(l.perSecond), l.burst, wait))
	// RetryInfo tells a client when to retry without parsing the message.
	if withDelay, derr := st.WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(wait)}); derr == nil {
		st = withDelay
	}
	err = st.Err()
	if now.Sub(b.lastLogged) < rateLogEvery {
		b.refused++
		return true, 0, err
	}
	suppressed, b.refused, b.lastLogged = b.refused, 0, now
	return false, suppressed, err
}
