package viewpb

import (
	"encoding/json"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"
)

// Claim maps a claim view; a is its article, for the denormalized title,
// url and date (zero when unknown).
func Claim(v app.ClaimView, a app.ArticleView) *pb.Claim {
	c := &pb.Claim{
		Id: v.ID, ArticleId: v.ArticleID, Kind: Kind(v.Kind), Text: v.Text, Part: Part(v.Part),
		Start: uint32(v.Start), End: uint32(v.End), Sentence: v.Sentence,
		Normalized: Struct(v.Normalized), Speaker: v.Speaker, Flagged: v.Flagged,
		Status: Status(v.Status), StatusReason: v.StatusReason, LinkedClaimIds: v.Links,
		Version: v.Version, UpdatedAt: Timestamp(v.UpdatedAt),
		ArticleTitle: a.Title, ArticleUrl: a.URL, ArticlePublished: a.Published,
		AddedBy: v.AddedBy, Corrections: uint32(v.Corrections), DismissCode: DismissCode(v.DismissCode),
	}
	origin, version, extractedKind := v.Provenance()
	c.Origin = pb.ClaimOrigin(pb.ClaimOrigin_value[EnumName("CLAIM_ORIGIN_", string(origin))])
	c.ExtractorVersion, c.ExtractedKind = version, Kind(extractedKind)
	for _, ch := range v.Checks {
		c.Checks = append(c.Checks, &pb.Check{Name: ch.Name, Detail: ch.Detail,
			Result: pb.CheckResult(pb.CheckResult_value[EnumName("CHECK_RESULT_", ch.Result)])})
	}
	t := v.Tally()
	c.Tallies = &pb.Tallies{Confirm: uint32(t[claim.VerdictConfirm]), Dispute: uint32(t[claim.VerdictDispute]),
		Unverifiable: uint32(t[claim.VerdictUnverifiable])}
	for _, m := range v.Matches {
		c.Matches = append(c.Matches, Match(m))
	}
	for _, l := range v.LinkedVerdicts {
		c.LinkedVerdicts = append(c.LinkedVerdicts, &pb.LinkedVerdict{ClaimId: l.ClaimID, ArticleId: l.ArticleID, Status: Status(l.Status)})
	}
	for _, vote := range v.Votes {
		c.Votes = append(c.Votes, &pb.Vote{Reviewer: vote.Reviewer, Verdict: Verdict(vote.Verdict),
			Reason: Reason(vote.Reason), CorrectedValue: vote.CorrectedValue,
			EvidenceUrls: vote.Evidence, Note: vote.Note, SubmittedAt: Timestamp(vote.At)})
	}
	return c
}

// Match maps a suggested or decided match of a claim with another.
func Match(m claim.Match) *pb.ClaimMatch {
	return &pb.ClaimMatch{OtherClaimId: string(m.OtherClaimID), OtherArticleId: m.OtherArticleID, Score: m.Score,
		Evidence: m.Evidence, Contradiction: m.Contradiction,
		State: pb.MatchState(pb.MatchState_value[EnumName("MATCH_STATE_", string(m.State))])}
}

// Struct converts directly what JSON decoding produces (the views' maps);
// a map holding other Go types (a claim a command has just built) goes
// through JSON, since structpb.NewStruct refuses some types JSON accepts.
func Struct(m map[string]any) *structpb.Struct {
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
