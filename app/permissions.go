package app

import (
	"fmt"

	"github.com/claimledger/claimledger/domain/reviewer"
)

// Operation names a use case a caller asks for, spelled as the API's
// "Service/Method". Every adapter maps its requests to an operation, so the
// gRPC API and the web pages share one access policy.
type Operation string

// The operations of the service.
const (
	OpIngestArticle     Operation = "ArticleService/IngestArticle"
	OpGetArticle        Operation = "ArticleService/GetArticle"
	OpListArticles      Operation = "ArticleService/ListArticles"
	OpReextractArticles Operation = "ArticleService/ReextractArticles"

	OpGetClaim           Operation = "ClaimService/GetClaim"
	OpListClaims         Operation = "ClaimService/ListClaims"
	OpSubmitReview       Operation = "ClaimService/SubmitReview"
	OpRetractReview      Operation = "ClaimService/RetractReview"
	OpReopenClaim        Operation = "ClaimService/ReopenClaim"
	OpDismissClaim       Operation = "ClaimService/DismissClaim"
	OpSettleClaim        Operation = "ClaimService/SettleClaim"
	OpLinkClaims         Operation = "ClaimService/LinkClaims"
	OpListClaimMatches   Operation = "ClaimService/ListClaimMatches"
	OpAcceptMatch        Operation = "ClaimService/AcceptMatch"
	OpRejectMatch        Operation = "ClaimService/RejectMatch"
	OpAddClaim           Operation = "ClaimService/AddClaim"
	OpCorrectClaim       Operation = "ClaimService/CorrectClaim"
	OpGetExtractionStats Operation = "ClaimService/GetExtractionStats"

	OpGetClaimHistory Operation = "LedgerService/GetClaimHistory"
	OpVerifyLedger    Operation = "LedgerService/VerifyLedger"
	OpExportClaims    Operation = "LedgerService/ExportClaims"
	OpWatchEvents     Operation = "LedgerService/WatchEvents"

	OpRegisterReviewer Operation = "AdminService/RegisterReviewer"
	OpListReviewers    Operation = "AdminService/ListReviewers"
	OpIssueToken       Operation = "AdminService/IssueToken"
	OpRevokeToken      Operation = "AdminService/RevokeToken"
	OpGetPublicKey     Operation = "AdminService/GetPublicKey"
	OpBackupLedger     Operation = "AdminService/BackupLedger"
)

// Permission is the action a caller's role must allow to ask for Op.
type Permission struct {
	Op     Operation
	Action reviewer.Action // checked with Role.Can
}

// permissions is the whole access policy, in one table that the README is
// checked against. An operation missing here is refused, so a new one is
// closed until someone decides who may ask for it.
var permissions = []Permission{
	{OpIngestArticle, reviewer.ActionIngest},
	{OpGetArticle, reviewer.ActionRead},
	{OpListArticles, reviewer.ActionRead},
	{OpReextractArticles, reviewer.ActionReextract},

	{OpGetClaim, reviewer.ActionRead},
	{OpListClaims, reviewer.ActionRead},
	{OpSubmitReview, reviewer.ActionReview},
	{OpRetractReview, reviewer.ActionReview},
	{OpReopenClaim, reviewer.ActionReopen},
	{OpDismissClaim, reviewer.ActionDismiss},
	{OpSettleClaim, reviewer.ActionSettle},
	{OpLinkClaims, reviewer.ActionLink},
	{OpListClaimMatches, reviewer.ActionRead},
	{OpAcceptMatch, reviewer.ActionLink},
	{OpRejectMatch, reviewer.ActionLink},
	{OpAddClaim, reviewer.ActionAddClaim},
	{OpCorrectClaim, reviewer.ActionCorrect},
	{OpGetExtractionStats, reviewer.ActionRead},

	{OpGetClaimHistory, reviewer.ActionAudit},
	{OpVerifyLedger, reviewer.ActionAudit},
	{OpExportClaims, reviewer.ActionExport},
	{OpWatchEvents, reviewer.ActionRead},

	{OpRegisterReviewer, reviewer.ActionAdmin},
	{OpListReviewers, reviewer.ActionAdmin},
	{OpIssueToken, reviewer.ActionAdmin},
	{OpRevokeToken, reviewer.ActionAdmin},
	// The key auditors check checkpoints with: whoever may audit.
	{OpGetPublicKey, reviewer.ActionAudit},
	{OpBackupLedger, reviewer.ActionAdmin},
}

var actionOf = func() map[Operation]reviewer.Action {
	m := make(map[Operation]reviewer.Action, len(permissions))
	for _, p := range permissions {
		m[p.Op] = p.Action
	}
	return m
}()

// Permissions returns a copy of the table, in service order.
func Permissions() []Permission { return append([]Permission(nil), permissions...) }

// ActionOf is the action op requires; false for an operation not in the
// table, which no role may ask for.
func ActionOf(op Operation) (reviewer.Action, bool) {
	a, ok := actionOf[op]
	return a, ok
}

// Allowed reports whether role may ask for op.
func Allowed(op Operation, role reviewer.Role) bool {
	a, ok := actionOf[op]
	return ok && role.Can(a)
}

// Refusal explains why role may not ask for op, naming both, so an operator
// reading it knows which role to grant; "" when it may.
func Refusal(op Operation, role reviewer.Role) string {
	a, ok := actionOf[op]
	switch {
	case !ok:
		return fmt.Sprintf("%s is not open to any role", op)
	case !role.Can(a):
		return fmt.Sprintf("role %q does not have the %q action that %s requires", role, a, op)
	}
	return ""
}
