package grpcadapter

import (
	"context"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/domain/reviewer"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/emptypb"
)

const panicMethod = "/claimledger.test.Panicker/Panic"

// panicker is a test service whose one method panics, registered on the
// real server next to the real services.
var panicker = grpc.ServiceDesc{
	ServiceName: "claimledger.test.Panicker",
	HandlerType: (*any)(nil),
	Methods: []grpc.MethodDesc{{MethodName: "Panic", Handler: func(srv any, ctx context.Context, dec func(any) error, ic grpc.UnaryServerInterceptor) (any, error) {
		in := new(emptypb.Empty)
		if err := dec(in); err != nil {
			return nil, err
		}
		boom := func(context.Context, any) (any, error) { panic("boom: nil map in handler") }
		return ic(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: panicMethod}, boom)
	}}},
}

func TestRecovery_panicIsInternalAndServerKeepsServing(t *testing.T) {
	actionOf[panicMethod] = reviewer.ActionRead
	t.Cleanup(func() { delete(actionOf, panicMethod) })
	f := newFixture(t, func(s *grpc.Server) { s.RegisterService(&panicker, struct{}{}) })

	for i := 0; i < 2; i++ {
		err := f.conn.Invoke(f.as(f.reviewerCred), panicMethod, &emptypb.Empty{}, &emptypb.Empty{})
		wantCode(t, "panicking handler", err, codes.Internal, "internal error")
		if err != nil && strings.Contains(err.Error(), "boom") {
			t.Errorf("the panic value reached the caller: %v", err)
		}
	}
	if _, err := f.claims.ListClaims(f.as(f.reviewerCred), &pb.ListClaimsRequest{}); err != nil {
		t.Fatalf("after the panics: %v", err)
	}
	logs := f.logs.String()
	for _, want := range []string{"panic in handler", panicMethod, "boom: nil map in handler", "recovery.go", "actor=rita"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q", want)
		}
	}
}
