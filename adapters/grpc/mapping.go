package grpcadapter

import (
	"encoding/hex"
	"strings"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/viewpb"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Requests' enums map back to the domain's by name, as internal/viewpb
// maps the domain's to the proto's: one list of values, the domain's.

func fromEnumName(prefix, name string) string {
	return strings.ToLower(strings.TrimPrefix(name, prefix))
}

func statusFromProto(s pb.ClaimStatus) claim.Status {
	if s == pb.ClaimStatus_CLAIM_STATUS_UNSPECIFIED {
		return ""
	}
	return claim.Status(fromEnumName("CLAIM_STATUS_", s.String()))
}

func kindFromProto(k pb.ClaimKind) string {
	if k == pb.ClaimKind_CLAIM_KIND_UNSPECIFIED {
		return ""
	}
	return fromEnumName("CLAIM_KIND_", k.String())
}

func verdictFromProto(v pb.Verdict) claim.Verdict {
	if v == pb.Verdict_VERDICT_UNSPECIFIED {
		return ""
	}
	return claim.Verdict(fromEnumName("VERDICT_", v.String()))
}

func reasonFromProto(r pb.DisputeReason) claim.Reason {
	if r == pb.DisputeReason_DISPUTE_REASON_UNSPECIFIED {
		return ""
	}
	return claim.Reason(fromEnumName("DISPUTE_REASON_", r.String()))
}

func dismissCodeFromProto(c pb.DismissCode) string {
	if c == pb.DismissCode_DISMISS_CODE_UNSPECIFIED {
		return ""
	}
	return fromEnumName("DISMISS_CODE_", c.String())
}

func roleToProto(r reviewer.Role) pb.Role {
	return pb.Role(pb.Role_value[viewpb.EnumName("ROLE_", string(r))])
}

func roleFromProto(r pb.Role) reviewer.Role {
	if r == pb.Role_ROLE_UNSPECIFIED {
		return ""
	}
	return reviewer.Role(fromEnumName("ROLE_", r.String()))
}

func articleToProto(a app.ArticleSummary) *pb.Article {
	// Claims added after ingestion count too; the counts by status cover
	// them all, and the ingested ones even before the views have them.
	n := 0
	for _, k := range a.Counts {
		n += k
	}
	out := &pb.Article{Id: a.ID, Title: a.Title, Url: a.URL, Published: a.Published,
		ContentHash: a.ContentHash, ClaimCount: uint32(max(n, len(a.ClaimIDs))),
		IngestedAt: viewpb.Timestamp(a.IngestedAt), Version: a.Version}
	for _, s := range claim.Statuses() { // workflow order, so the output is stable
		if n := a.Counts[s]; n > 0 {
			out.StatusCounts = append(out.StatusCounts, &pb.StatusCount{Status: viewpb.Status(s), Count: uint32(n)})
		}
	}
	return out
}

func reviewerToProto(r app.ReviewerView) *pb.Reviewer {
	out := &pb.Reviewer{Id: r.ID, Name: r.Name, Role: roleToProto(r.Role),
		CreatedAt: viewpb.Timestamp(r.CreatedAt), Version: r.Version}
	for _, t := range r.Tokens {
		if !t.Revoked {
			out.ActiveTokenIds = append(out.ActiveTokenIds, t.ID)
		}
	}
	return out
}

// eventToProto keeps the payload as the stored bytes: they are what is
// hashed, and an auditor recomputes the hash from them.
func eventToProto(e *events.Envelope) *pb.LedgerEvent {
	return &pb.LedgerEvent{
		Position: e.Position, StreamId: e.StreamID, Version: e.Version, EventId: e.EventID,
		Type: e.Type, SchemaVersion: uint32(e.SchemaVersion), Actor: e.Actor, RequestId: e.RequestID,
		CorrelationId: e.CorrelationID, CausationId: e.CausationID, RecordedAt: timestamppb.New(e.RecordedAt),
		PayloadJson: string(e.Payload), PrevHash: hex.EncodeToString(e.PrevHash), Hash: hex.EncodeToString(e.Hash),
		Topic: e.Topic,
	}
}
