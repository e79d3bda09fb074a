package main

import (
	"context"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// maxRateRetries bounds how often one call is retried after the server's
// rate limit refused it, and maxRateDelay one wait.
const (
	maxRateRetries = 20
	maxRateDelay   = 5 * time.Second
)

// retryRateLimited retries a call the server refused for the token's rate
// limit, after the delay it gave: a script ingesting a directory is slowed
// down to the limit instead of failing. Every mutation carries a request
// id, so a retry never writes twice. Other refusals, a size limit among
// them, carry no delay and are not retried.
func retryRateLimited(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	for attempt := 0; ; attempt++ {
		err := invoker(ctx, method, req, reply, cc, opts...)
		delay, ok := rateLimitDelay(err)
		if !ok || attempt == maxRateRetries {
			return err
		}
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return err
		}
	}
}

// rateLimitDelay is the wait a rate-limit refusal asks for.
func rateLimitDelay(err error) (time.Duration, bool) {
	st, ok := status.FromError(err)
	if !ok || st.Code() != codes.ResourceExhausted {
		return 0, false
	}
	for _, d := range st.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			return min(max(ri.GetRetryDelay().AsDuration(), time.Millisecond), maxRateDelay), true
		}
	}
	return 0, false
}
