package grpcadapter

import (
	"fmt"
	"runtime/debug"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// errPanicked is what the caller of a handler that panicked is told: the
// panic value and stack go to the log only, since they can hold internals.
var errPanicked = status.Error(codes.Internal, "internal error")

// recovered runs fn and turns a panic in it into an Internal error, so one
// bad request costs one failed call and not the whole server.
func (ic *interceptors) recovered(call *callInfo, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			ic.log.Error("panic in handler", "method", call.method, "actor", call.actor,
				"request_id", call.requestID, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = errPanicked
		}
	}()
	return fn()
}
