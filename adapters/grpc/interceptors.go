package grpcadapter

import (
	"context"
	"log/slog"
	"time"

	"github.com/claimledger/claimledger/app"
	"google.golang.org/grpc"
)

// interceptors wrap every call, unary or stream, in the same order: log the
// outcome (outermost, so it sees the final code), recover a panic, admit the
// caller (authenticate, then check the role), run the handler, and map its
// error to a status code in one place.
type interceptors struct {
	log     *slog.Logger
	queries *app.Queries
	codec   *decodeCodec
	limits  *limiter // nil: no rate limit
	streams *streamCap
}

// callInfo is what the log line of a call says; the layers inside fill it
// in as they learn it.
type callInfo struct {
	method    string
	actor     string
	requestID string
	// tokenID is the id of the token admit let the call in with.
	tokenID string
	start   time.Time
	// refused is grpc-go's message for a call it refused before the
	// interceptors ran (see refusalLog); empty otherwise.
	refused string
	// quiet: a rate-limited call of a token refused moments ago, which
	// needs no line of its own; suppressed counts those before a logged one.
	quiet      bool
	suppressed int
}

func (ic *interceptors) unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
	markSeen(ctx)
	undecodable := ic.codec.failure(req)
	call := &callInfo{method: info.FullMethod, requestID: requestIDOf(ctx, req), start: time.Now()}
	defer func() { ic.logCall(call, err) }()
	err = ic.recovered(call, func() error {
		actx, err := ic.admit(ctx, call)
		if err != nil {
			return err
		}
		if undecodable != nil {
			return undecodable
		}
		resp, err = handler(actx, req)
		return err
	})
	if err != nil {
		return nil, ic.status(call, err)
	}
	return resp, nil
}

func (ic *interceptors) stream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
	markSeen(ss.Context())
	call := &callInfo{method: info.FullMethod, requestID: requestIDOf(ss.Context(), nil), start: time.Now()}
	defer func() { ic.logCall(call, err) }()
	if !served(info.FullMethod) { // before admit: it is not a question of who asks
		return unknownMethod(srv, ss)
	}
	err = ic.recovered(call, func() error {
		actx, err := ic.admit(ss.Context(), call)
		if err != nil {
			return err
		}
		if call.tokenID != "" { // public streams (health) have no token to count against
			release, err := ic.streams.acquire(call.tokenID)
			if err != nil {
				return err
			}
			defer release()
		}
		return handler(srv, &serverStream{ServerStream: ss, ctx: actx, call: call, codec: ic.codec})
	})
	if err != nil {
		return ic.status(call, err)
	}
	return nil
}

// serverStream carries the admitted context (with the actor) to a stream
// handler, and picks up the request id from the first message received.
type serverStream struct {
	grpc.ServerStream
	ctx   context.Context
	call  *callInfo
	codec *decodeCodec
}

func (s *serverStream) Context() context.Context { return s.ctx }

func (s *serverStream) RecvMsg(m any) error {
	err := s.ServerStream.RecvMsg(m)
	if err == nil {
		err = s.codec.failure(m)
	}
	if err == nil && s.call.requestID == "" {
		if r, ok := m.(requestIDer); ok {
			s.call.requestID = r.GetRequestId()
		}
	}
	return err
}
