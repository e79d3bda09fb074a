package grpcadapter

import (
	"context"
	"sync/atomic"

	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"
)

// refusalLog gives a log line to the calls grpc-go refuses before any
// interceptor runs: a request over the size limit, a compression the server
// does not have. The interceptors mark each call they see, so a call is
// logged once, by them when they saw it and here otherwise.
type refusalLog struct{ ic *interceptors }

type markKey struct{}

// mark is what refusalLog learns of a call: its method, and whether the
// interceptors saw it.
type mark struct {
	method string
	seen   atomic.Bool
}

// markSeen records that the interceptors log this call themselves.
func markSeen(ctx context.Context) {
	if m, ok := ctx.Value(markKey{}).(*mark); ok {
		m.seen.Store(true)
	}
}

func (r *refusalLog) TagRPC(ctx context.Context, info *stats.RPCTagInfo) context.Context {
	return context.WithValue(ctx, markKey{}, &mark{method: info.FullMethodName})
}

func (r *refusalLog) HandleRPC(ctx context.Context, s stats.RPCStats) {
	end, ok := s.(*stats.End)
	if !ok || end.Error == nil {
		return
	}
	m, ok := ctx.Value(markKey{}).(*mark)
	if !ok || m.seen.Load() {
		return
	}
	call := &callInfo{method: m.method, start: end.BeginTime, requestID: requestIDOf(ctx, nil),
		refused: truncate(status.Convert(end.Error).Message(), 200)}
	r.ic.logCall(call, end.Error)
}

func (r *refusalLog) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context { return ctx }

func (r *refusalLog) HandleConn(context.Context, stats.ConnStats) {}
