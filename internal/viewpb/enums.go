package viewpb

import (
	"strings"
	"time"

	"github.com/claimledger/claimledger/domain/claim"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// The domain spells its enums in lower snake case ("under_review"); the
// proto enums are the same words, upper-cased, behind a type prefix. Mapping
// by name keeps one list of values, the domain's; a name the proto lacks
// maps to the enum's zero, UNSPECIFIED.

// EnumName is the proto enum value name of the domain's s under prefix:
// ("CLAIM_STATUS_", "under_review") is "CLAIM_STATUS_UNDER_REVIEW".
func EnumName(prefix, s string) string { return prefix + strings.ToUpper(s) }

// Status is a workflow status as the API spells it.
func Status(s claim.Status) pb.ClaimStatus {
	return pb.ClaimStatus(pb.ClaimStatus_value[EnumName("CLAIM_STATUS_", string(s))])
}

// Kind is a claim kind ("money") as the API spells it.
func Kind(k string) pb.ClaimKind {
	return pb.ClaimKind(pb.ClaimKind_value[EnumName("CLAIM_KIND_", k)])
}

// Part is where in the article a claim stands ("headline", "body").
func Part(p string) pb.ClaimPart {
	return pb.ClaimPart(pb.ClaimPart_value[EnumName("CLAIM_PART_", p)])
}

// Verdict is a vote's verdict as the API spells it.
func Verdict(v claim.Verdict) pb.Verdict {
	return pb.Verdict(pb.Verdict_value[EnumName("VERDICT_", string(v))])
}

// Reason is a dispute's reason code as the API spells it.
func Reason(r claim.Reason) pb.DisputeReason {
	return pb.DisputeReason(pb.DisputeReason_value[EnumName("DISPUTE_REASON_", string(r))])
}

// DismissCode is why a claim was dismissed, as the API spells it.
func DismissCode(c claim.DismissCode) pb.DismissCode {
	return pb.DismissCode(pb.DismissCode_value[EnumName("DISMISS_CODE_", string(c))])
}

// Timestamp leaves a time the views never set out of the message, rather
// than sending 1970 or year 1.
func Timestamp(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}
