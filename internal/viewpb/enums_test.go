package viewpb

import (
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// TestEnums_everyDomainValueHasItsProtoValue: a value the domain gains and
// the proto lacks would map to UNSPECIFIED and leave the answers and the
// export files without it.
func TestEnums_everyDomainValueHasItsProtoValue(t *testing.T) {
	for _, s := range claim.Statuses() {
		if Status(s) == pb.ClaimStatus_CLAIM_STATUS_UNSPECIFIED {
			t.Errorf("status %q has no proto value", s)
		}
	}
	for _, k := range claim.Kinds() {
		if Kind(k) == pb.ClaimKind_CLAIM_KIND_UNSPECIFIED {
			t.Errorf("kind %q has no proto value", k)
		}
	}
	for _, r := range claim.Reasons() {
		if Reason(r) == pb.DisputeReason_DISPUTE_REASON_UNSPECIFIED {
			t.Errorf("reason %q has no proto value", r)
		}
	}
	for _, v := range []claim.Verdict{claim.VerdictConfirm, claim.VerdictDispute, claim.VerdictUnverifiable} {
		if Verdict(v) == pb.Verdict_VERDICT_UNSPECIFIED {
			t.Errorf("verdict %q has no proto value", v)
		}
	}
	if got := Status(claim.StatusUnderReview); got != pb.ClaimStatus_CLAIM_STATUS_UNDER_REVIEW {
		t.Errorf("under_review maps to %v", got)
	}
	if Status("no_such_status") != pb.ClaimStatus_CLAIM_STATUS_UNSPECIFIED {
		t.Error("an unknown status maps to a defined value")
	}
}
