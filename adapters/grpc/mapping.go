package grpcadapter

import (
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// The domain spells its enums in lower snake case ("under_review"); the
// proto enums are the same words, upper-cased, behind a type prefix. Mapping
// by name keeps one list of values, the domain's.

func enumName(prefix, s string) string { return prefix + strings.ToUpper(s) }

func fromEnumName(prefix, name string) string {
	return strings.ToLower(strings.TrimPrefix(name, prefix))
}

func statusToProto(s claim.Status) pb.ClaimStatus {
	return pb.ClaimStatus(pb.ClaimStatus_value[enumName("CLAIM_STATUS_", string(s))])
}

func statusFromProto(s pb.ClaimStatus) claim.Status {
	if s == pb.ClaimStatus_CLAIM_STATUS_UNSPECIFIED {
		return ""
	}
	return claim.Status(fromEnumName("CLAIM_STATUS_", s.String()))
}

func kindToProto(k string) pb.ClaimKind {
	return pb.ClaimKind(pb.ClaimKind_value[enumName("CLAIM_KIND_", k)])
}

func kindFromProto(k pb.ClaimKind) string {
	if k == pb.ClaimKind_CLAIM_KIND_UNSPECIFIED {
		return ""
	}
	return fromEnumName("CLAIM_KIND_", k.String())
}

func verdictToProto(v claim.Verdict) pb.Verdict {
	return pb.Verdict(pb.Verdict_value[enumName("VERDICT_", string(v))])
}

func verdictFromProto(v pb.Verdict) claim.Verdict {
	if v == pb.Verdict_VERDICT_UNSPECIFIED {
		return ""
	}
	return claim.Verdict(fromEnumName("VERDICT_", v.String()))
}

func reasonToProto(r claim.Reason) pb.DisputeReason {
	return pb.DisputeReason(pb.DisputeReason_value[enumName("DISPUTE_REASON_", string(r))])
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

func dismissCodeToProto(c claim.DismissCode) pb.DismissCode {
	return pb.DismissCode(pb.DismissCode_value[enumName("DISMISS_CODE_", string(c))])
}

func roleToProto(r reviewer.Role) pb.Role {
	return pb.Role(pb.Role_value[enumName("ROLE_", string(r))])
}

func roleFromProto(r pb.Role) reviewer.Role {
	if r == pb.Role_ROLE_UNSPECIFIED {
		return ""
	}
	return reviewer.Role(fromEnumName("ROLE_", r.String()))
}

// claimToProto maps a claim view; a is its article, for the denormalized
// title, url and date (zero when unknown).
func claimToProto(v app.ClaimView, a app.ArticleView) *pb.Claim {
	c := &pb.Claim{
		Id: v.ID, ArticleId: v.ArticleID, Kind: kindToProto(v.Kind), Text: v.Text,
		Part:  pb.ClaimPart(pb.ClaimPart_value[enumName("CLAIM_PART_", v.Part)]),
		Start: uint32(v.Start), End: uint32(v.End), Sentence: v.Sentence,
		Normalized: structOf(v.Normalized), Speaker: v.Speaker, Flagged: v.Flagged,
		Status: statusToProto(v.Status), StatusReason: v.StatusReason, LinkedClaimIds: v.Links,
		Version: v.Version, UpdatedAt: timestamp(v.UpdatedAt),
		ArticleTitle: a.Title, ArticleUrl: a.URL, ArticlePublished: a.Published,
		AddedBy: v.AddedBy, Corrections: uint32(v.Corrections), DismissCode: dismissCodeToProto(v.DismissCode),
	}
	origin, version, extractedKind := v.Provenance()
	c.Origin = pb.ClaimOrigin(pb.ClaimOrigin_value[enumName("CLAIM_ORIGIN_", string(origin))])
	c.ExtractorVersion, c.ExtractedKind = version, kindToProto(extractedKind)
	for _, ch := range v.Checks {
		c.Checks = append(c.Checks, &pb.Check{Name: ch.Name, Detail: ch.Detail,
			Result: pb.CheckResult(pb.CheckResult_value[enumName("CHECK_RESULT_", ch.Result)])})
	}
	t := v.Tally()
	c.Tallies = &pb.Tallies{Confirm: uint32(t[claim.VerdictConfirm]), Dispute: uint32(t[claim.VerdictDispute]),
		Unverifiable: uint32(t[claim.VerdictUnverifiable])}
	for _, m := range v.Matches {
		c.Matches = append(c.Matches, matchToProto(m))
	}
	for _, l := range v.LinkedVerdicts {
		c.LinkedVerdicts = append(c.LinkedVerdicts, &pb.LinkedVerdict{ClaimId: l.ClaimID, ArticleId: l.ArticleID, Status: statusToProto(l.Status)})
	}
	for _, vote := range v.Votes {
		c.Votes = append(c.Votes, &pb.Vote{Reviewer: vote.Reviewer, Verdict: verdictToProto(vote.Verdict),
			Reason: reasonToProto(vote.Reason), CorrectedValue: vote.CorrectedValue,
			EvidenceUrls: vote.Evidence, Note: vote.Note, SubmittedAt: timestamp(vote.At)})
	}
	return c
}

// structOf converts directly what JSON decoding produces (the views' maps);
// a map holding other Go types (a claim a command has just built) goes
// through JSON, since structpb.NewStruct refuses some types JSON accepts.
func structOf(m map[string]any) *structpb.Struct {
	if len(m) == 0 {
		return nil
	}
	if s, err := structpb.NewStruct(m); err == nil {
		return s
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	s := &structpb.Struct{}
	if protojson.Unmarshal(b, s) != nil {
		return nil
	}
	return s
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
		IngestedAt: timestamp(a.IngestedAt), Version: a.Version}
	for _, s := range claim.Statuses() { // workflow order, so the output is stable
		if n := a.Counts[s]; n > 0 {
			out.StatusCounts = append(out.StatusCounts, &pb.StatusCount{Status: statusToProto(s), Count: uint32(n)})
		}
	}
	return out
}

func reviewerToProto(r app.ReviewerView) *pb.Reviewer {
	out := &pb.Reviewer{Id: r.ID, Name: r.Name, Role: roleToProto(r.Role),
		CreatedAt: timestamp(r.CreatedAt), Version: r.Version}
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

func matchToProto(m claim.Match) *pb.ClaimMatch {
	return &pb.ClaimMatch{OtherClaimId: string(m.OtherClaimID), OtherArticleId: m.OtherArticleID, Score: m.Score,
		Evidence: m.Evidence, Contradiction: m.Contradiction,
		State: pb.MatchState(pb.MatchState_value[enumName("MATCH_STATE_", string(m.State))])}
}
