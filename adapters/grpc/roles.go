package grpcadapter

import (
	"fmt"

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

// permissions is the whole access policy of the API, in one table that the
// README is checked against. A method missing here is refused, so a new RPC
// is closed until someone decides who may call it.
var permissions = []Permission{
	{pb.ArticleService_IngestArticle_FullMethodName, reviewer.ActionIngest},
	{pb.ArticleService_GetArticle_FullMethodName, reviewer.ActionRead},
	{pb.ArticleService_ListArticles_FullMethodName, reviewer.ActionRead},
	{pb.ArticleService_ReextractArticles_FullMethodName, reviewer.ActionReextract},

	{pb.ClaimService_GetClaim_FullMethodName, reviewer.ActionRead},
	{pb.ClaimService_ListClaims_FullMethodName, reviewer.ActionRead},
	{pb.ClaimService_SubmitReview_FullMethodName, reviewer.ActionReview},
	{pb.ClaimService_RetractReview_FullMethodName, reviewer.ActionReview},
	{pb.ClaimService_ReopenClaim_FullMethodName, reviewer.ActionReopen},
	{pb.ClaimService_DismissClaim_FullMethodName, reviewer.ActionDismiss},
	{pb.ClaimService_SettleClaim_FullMethodName, reviewer.ActionSettle},
	{pb.ClaimService_LinkClaims_FullMethodName, reviewer.ActionLink},
	{pb.ClaimService_AddClaim_FullMethodName, reviewer.ActionAddClaim},
	{pb.ClaimService_CorrectClaim_FullMethodName, reviewer.ActionCorrect},
	{pb.ClaimService_GetExtractionStats_FullMethodName, reviewer.ActionRead},

	{pb.LedgerService_GetClaimHistory_FullMethodName, reviewer.ActionAudit},
	{pb.LedgerService_VerifyLedger_FullMethodName, reviewer.ActionAudit},
	{pb.LedgerService_ExportClaims_FullMethodName, reviewer.ActionExport},
	{pb.LedgerService_WatchEvents_FullMethodName, reviewer.ActionRead},

	{pb.AdminService_RegisterReviewer_FullMethodName, reviewer.ActionAdmin},
	{pb.AdminService_ListReviewers_FullMethodName, reviewer.ActionAdmin},
	{pb.AdminService_IssueToken_FullMethodName, reviewer.ActionAdmin},
	{pb.AdminService_RevokeToken_FullMethodName, reviewer.ActionAdmin},
	// The key auditors check checkpoints with: whoever may audit.
	{pb.AdminService_GetPublicKey_FullMethodName, reviewer.ActionAudit},
	{pb.AdminService_BackupLedger_FullMethodName, reviewer.ActionAdmin},

	// Reflection describes the API to grpcurl and the like: any role.
	{reflectionv1.ServerReflection_ServerReflectionInfo_FullMethodName, reviewer.ActionRead},
	{reflectionv1alpha.ServerReflection_ServerReflectionInfo_FullMethodName, reviewer.ActionRead},
}

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
