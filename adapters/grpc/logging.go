package grpcadapter

import (
	"context"
	"log/slog"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// requestIDer is what every generated mutation request has: its idempotency
// key is also the best id to find the call by in the logs.
type requestIDer interface{ GetRequestId() string }

// requestIDOf is the request message's request_id, else the x-request-id
// metadata a proxy or client may set on reads.
func requestIDOf(ctx context.Context, req any) string {
	if r, ok := req.(requestIDer); ok && r.GetRequestId() != "" {
		return r.GetRequestId()
	}
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		if v := md.Get("x-request-id"); len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// logCall writes one line per call. Server faults are errors; a caller's
// mistake is only information, so that alerts on errors mean a server fault.
func (ic *interceptors) logCall(call *callInfo, err error) {
	if call.quiet {
		return
	}
	code := status.Code(err)
	level := slog.LevelInfo
	switch code {
	case codes.Internal, codes.Unknown, codes.DataLoss, codes.Unimplemented:
		level = slog.LevelError
	case codes.Unavailable, codes.ResourceExhausted:
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.String("method", call.method),
		slog.String("code", code.String()),
		slog.Duration("duration", time.Since(call.start)),
		slog.String("actor", call.actor),
		slog.String("request_id", truncate(call.requestID, maxLoggedBytes)),
	}
	if call.suppressed > 0 {
		attrs = append(attrs, slog.Int("rate_limited_unlogged", call.suppressed))
	}
	if call.refused != "" {
		attrs = append(attrs, slog.String("refused_by_grpc", call.refused))
	}
	ic.log.LogAttrs(context.Background(), level, "rpc", attrs...)
}
