package grpcadapter

import (
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/reviewer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestPermissions_coverEveryMethod keeps the role table and the registered
// services in step: a method missing from the table would be refused to
// everyone, and a table row for no method is a stale policy.
func TestPermissions_coverEveryMethod(t *testing.T) {
	s, err := New(Config{Commands: &app.Commands{}, Queries: &app.Queries{}})
	if err != nil {
		t.Fatal(err)
	}
	registered := map[string]bool{}
	for svc, info := range s.GRPC.GetServiceInfo() {
		for _, m := range info.Methods {
			method := "/" + svc + "/" + m.Name
			registered[method] = true
			if _, ok := actionOf[method]; !ok && !isPublic(method) {
				t.Errorf("%s is registered but not in the permissions table", method)
			}
		}
	}
	for _, p := range Permissions() {
		if !registered[p.Method] {
			t.Errorf("permissions table names %s, which no registered service has", p.Method)
		}
	}
	if len(Permissions()) != len(actionOf) {
		t.Errorf("the permissions table lists a method twice")
	}
}

func TestAuthorize(t *testing.T) {
	cases := []struct {
		method string
		role   reviewer.Role
		want   codes.Code
	}{
		{"/claimledger.v1.ClaimService/SubmitReview", reviewer.RoleReviewer, codes.OK},
		{"/claimledger.v1.ClaimService/SubmitReview", reviewer.RoleAuditor, codes.PermissionDenied},
		{"/claimledger.v1.ClaimService/SettleClaim", reviewer.RoleReviewer, codes.PermissionDenied},
		{"/claimledger.v1.ClaimService/SettleClaim", reviewer.RoleEditor, codes.OK},
		{"/claimledger.v1.LedgerService/GetClaimHistory", reviewer.RoleAuditor, codes.OK},
		{"/claimledger.v1.LedgerService/GetClaimHistory", reviewer.RoleEditor, codes.PermissionDenied},
		{"/claimledger.v1.LedgerService/ExportClaims", reviewer.RoleAuditor, codes.OK},
		{"/claimledger.v1.AdminService/IssueToken", reviewer.RoleEditor, codes.PermissionDenied},
		{"/claimledger.v1.AdminService/IssueToken", reviewer.RoleAdmin, codes.OK},
		{"/claimledger.v1.ClaimService/NotYetDecided", reviewer.RoleAdmin, codes.PermissionDenied},
		{"/claimledger.v1.ClaimService/AddClaim", reviewer.RoleReviewer, codes.OK},
		{"/claimledger.v1.ClaimService/AddClaim", reviewer.RoleAuditor, codes.PermissionDenied},
		{"/claimledger.v1.ClaimService/CorrectClaim", reviewer.RoleReviewer, codes.PermissionDenied},
		{"/claimledger.v1.ClaimService/CorrectClaim", reviewer.RoleEditor, codes.OK},
		{"/claimledger.v1.ArticleService/ReextractArticles", reviewer.RoleReviewer, codes.PermissionDenied},
		{"/claimledger.v1.ArticleService/ReextractArticles", reviewer.RoleEditor, codes.OK},
		{"/claimledger.v1.ClaimService/GetExtractionStats", reviewer.RoleAuditor, codes.OK},
		{"/claimledger.v1.ClaimService/GetClaim", reviewer.Role("intern"), codes.PermissionDenied},
	}
	for _, c := range cases {
		if got := status.Code(authorize(c.method, c.role)); got != c.want {
			t.Errorf("authorize(%s, %s) = %v, want %v", c.method, c.role, got, c.want)
		}
	}
}
