package grpcadapter

import (
	"errors"

	"github.com/claimledger/claimledger/app"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Commands answer with views, and wait (bounded) for the views to reach what
// they wrote. When the views lag past that bound (the projector cannot
// commit: a full disk, say), the write is nonetheless recorded: the caller
// gets OK with its position and what the command itself knows, never an
// error that reads as "nothing happened" (and, for a new token, would lose
// its secret for good). A read with min_position = that position gets the
// rest once the views catch up.

// viewsLag reports whether err only says that the views are behind.
func viewsLag(err error) bool { return errors.Is(err, app.ErrNotCaughtUp) }

// ingestedWithoutViews answers an ingest recorded at in.Position.
func ingestedWithoutViews(req *pb.IngestArticleRequest, in app.Ingested) *pb.IngestArticleResponse {
	a := &pb.Article{Id: in.ArticleID, ClaimCount: uint32(len(in.ClaimIDs))}
	if !in.AlreadyIngested { // else the stored title may differ from this request's
		a.Title, a.Url, a.Published = req.GetTitle(), req.GetUrl(), req.GetPublished()
	}
	resp := &pb.IngestArticleResponse{Article: a, Position: in.Position, AlreadyIngested: in.AlreadyIngested}
	for _, id := range in.ClaimIDs {
		resp.Claims = append(resp.Claims, &pb.Claim{Id: id, ArticleId: in.ArticleID})
	}
	return resp
}

// issuedWithoutViews is the reviewer as a registration recorded them.
func issuedWithoutViews(req *pb.RegisterReviewerRequest, iss app.Issued) app.ReviewerView {
	r := app.ReviewerView{ID: iss.ReviewerID, Name: req.GetName(), Role: roleFromProto(req.GetRole()), Version: iss.Version}
	if iss.TokenID != "" {
		r.Tokens = []app.TokenView{{ID: iss.TokenID, ReviewerID: iss.ReviewerID}}
	}
	return r
}

// revocationPending is the answer to a revocation recorded while the views
// lag: its OK promises that the token is refused, which holds only once the
// views have it, so the caller is told to retry (the same request_id
// records nothing again).
func revocationPending(position uint64) error {
	return status.Errorf(codes.Unavailable, "the revocation is recorded at position %d but not in effect yet: "+
		"the views are behind; retry with the same request_id", position)
}
