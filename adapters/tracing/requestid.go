package tracing

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/claimledger/claimledger/app"
)

// requestIDer is every mutating request: they carry a request_id.
type requestIDer interface{ GetRequestId() string }

// UnaryInterceptor puts the call's request id (the request's own, or the
// x-request-id metadata a read carries) on the call's span, so a trace is
// found from a log line and the other way round.
func (t *Tracing) UnaryInterceptor() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		id := ""
		if r, ok := req.(requestIDer); ok {
			id = r.GetRequestId()
		}
		tagRequestID(ctx, id)
		return handler(ctx, req)
	}
}

// StreamInterceptor does the same from the metadata of a streaming call.
func (t *Tracing) StreamInterceptor() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		tagRequestID(ss.Context(), "")
		return handler(srv, ss)
	}
}

func tagRequestID(ctx context.Context, id string) {
	if id == "" {
		if v := metadata.ValueFromIncomingContext(ctx, "x-request-id"); len(v) > 0 {
			id = v[0]
		}
	}
	if id != "" {
		trace.SpanFromContext(ctx).SetAttributes(attribute.String(app.AttrRequestID, id))
	}
}
