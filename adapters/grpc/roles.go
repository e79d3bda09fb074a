package grpcadapter

import (
	"fmt"
	"strings"

	"github.com/claimledger/claimledger/app"

	"github.com/claimledger/claimledger/domain/reviewer"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	reflectionv1 "google.golang.org/grpc/reflection/grpc_reflection_v1"
	reflectionv1alpha "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
	"google.golang.org/grpc/status"
)

// Permission is the action a caller's role must allow to make a call.
type Permission struct {
	Method string          // full method name, "/claimledger.v1.ClaimService/SubmitReview"
	Action reviewer.Action // checked with Role.Can
}

// apiPrefix is what the proto package puts before an app.Operation in a
// full method name: "/claimledger.v1." + "ClaimService/GetClaim".
var apiPrefix = strings.TrimSuffix(pb.ClaimService_GetClaim_FullMethodName, string(app.OpGetClaim))

// transportOnly are the methods of the gRPC transport itself, outside the
// app's operations. Reflection describes the API to grpcurl and the like:
// any role.
var transportOnly = []Permission{
	{reflectionv1.ServerReflection_ServerReflectionInfo_FullMethodName, reviewer.ActionRead},
	{reflectionv1alpha.ServerReflection_ServerReflectionInfo_FullMethodName, reviewer.ActionRead},
}

// permissions is the access policy of the API: app.Permissions(), the one
// table the web pages share, by full method name, and the transport's own.
// A method missing here is refused, so a new RPC is closed until someone
// decides who may call it.
var permissions = func() []Permission {
	var ps []Permission
	for _, p := range app.Permissions() {
		ps = append(ps, Permission{apiPrefix + string(p.Op), p.Action})
	}
	return append(ps, transportOnly...)
}()

var actionOf = func() map[string]reviewer.Action {
	m := make(map[string]reviewer.Action, len(permissions))
	for _, p := range permissions {
		m[p.Method] = p.Action
	}
	return m
}()

// Permissions returns a copy of the table, in service order.
func Permissions() []Permission { return append([]Permission(nil), permissions...) }

// authorize refuses a call the role may not make, naming both, so an
// operator reading the error knows which role to grant.
func authorize(method string, role reviewer.Role) error {
	action, ok := actionOf[method]
	if !ok {
		return status.Errorf(codes.PermissionDenied, "%s is not open to any role", method)
	}
	if !role.Can(action) {
		return status.Error(codes.PermissionDenied, fmt.Sprintf("role %q does not have the %q action that %s requires", role, action, method))
	}
	return nil
}

// served reports whether the server has method: every method it serves is
// in the permissions table or public (TestPermissions_coverEveryMethod).
func served(method string) bool {
	_, ok := actionOf[method]
	return ok || isPublic(method)
}

// unknownMethod answers a method the server does not have.
func unknownMethod(_ any, ss grpc.ServerStream) error {
	method, _ := grpc.MethodFromServerStream(ss)
	return status.Errorf(codes.Unimplemented, "unknown method %s", truncate(method, maxLoggedBytes))
}
