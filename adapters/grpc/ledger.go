package grpcadapter

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"

	"github.com/claimledger/claimledger/app"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ledgerService serves claimledger.v1.LedgerService.
type ledgerService struct {
	pb.UnimplementedLedgerServiceServer
	h *handlers
}

func (s *ledgerService) GetClaimHistory(ctx context.Context, req *pb.GetClaimHistoryRequest) (*pb.GetClaimHistoryResponse, error) {
	var p problems
	p.id("claim_id", req.GetClaimId())
	if err := p.err(); err != nil {
		return nil, err
	}
	evs, err := s.h.cfg.Queries.History(ctx, req.GetClaimId())
	if err != nil {
		return nil, err
	}
	resp := &pb.GetClaimHistoryResponse{Events: make([]*pb.LedgerEvent, len(evs))}
	for i := range evs {
		resp.Events[i] = eventToProto(&evs[i])
	}
	return resp, nil
}

func (s *ledgerService) VerifyLedger(ctx context.Context, req *pb.VerifyLedgerRequest) (*pb.VerifyLedgerResponse, error) {
	if req.GetFrom() != 0 && req.GetTo() != 0 && req.GetTo() < req.GetFrom() {
		return nil, status.Errorf(codes.InvalidArgument, "to: %d is before from (%d)", req.GetTo(), req.GetFrom())
	}
	if k := req.GetPublicKey(); k != nil && len(k) != ed25519.PublicKeySize {
		return nil, status.Errorf(codes.InvalidArgument, "public_key: %d bytes, want an Ed25519 public key of %d", len(k), ed25519.PublicKeySize)
	}
	rep, err := s.h.cfg.Queries.Verify(ctx, req.GetFrom(), req.GetTo())
	if err != nil {
		return nil, err
	}
	resp := &pb.VerifyLedgerResponse{Ok: rep.OK(), Checked: rep.Checked}
	if rep.Fault != nil {
		resp.FirstBadPosition, resp.Reason = rep.Fault.Position, rep.Fault.Reason
		return resp, nil
	}
	if rep.Checked > 0 {
		hash, err := s.h.cfg.Queries.HashAt(ctx, rep.To)
		if err != nil {
			return nil, err
		}
		resp.LastHash = hex.EncodeToString(hash)
	}
	if req.GetPublicKey() == nil {
		return resp, nil
	}
	// The rows agree with each other; now with what the key's holder signed.
	cps, err := s.h.cfg.Queries.VerifyCheckpoints(ctx, ed25519.PublicKey(req.GetPublicKey()), req.GetFrom(), rep.To)
	if err != nil {
		return nil, err
	}
	resp.CheckpointsVerified, resp.LastSignedPosition = cps.Checked, cps.LastSigned
	if cps.Fault != nil {
		resp.Ok, resp.FirstBadPosition, resp.Reason = false, cps.Fault.Position, cps.Fault.Reason
	}
	return resp, nil
}

func (s *ledgerService) ExportClaims(req *pb.ExportClaimsRequest, stream pb.LedgerService_ExportClaimsServer) error {
	var p problems
	p.knownEnum("status", int32(req.GetStatus()), pb.ClaimStatus_name)
	p.knownEnum("kind", int32(req.GetKind()), pb.ClaimKind_name)
	p.optionalID("article_id", req.GetArticleId())
	if err := p.err(); err != nil {
		return err
	}
	f := app.ClaimFilter{Status: statusFromProto(req.GetStatus()), Kind: kindFromProto(req.GetKind()),
		ArticleID: req.GetArticleId()}
	return s.h.eachClaim(stream.Context(), f, req.GetMinPosition(), func(c *pb.Claim) error {
		return stream.Send(&pb.ExportClaimsResponse{Claim: c})
	})
}

// WatchEvents follows the log until the caller leaves, the server stops, or
// the subscription fails. A client that reads too slowly holds back only
// its own stream: flow control blocks Send, and the subscription waits.
func (s *ledgerService) WatchEvents(req *pb.WatchEventsRequest, stream pb.LedgerService_WatchEventsServer) error {
	ctx := stream.Context()
	sub, err := s.h.cfg.Queries.Watch(ctx, req.GetAfterPosition())
	if err != nil {
		return err
	}
	defer sub.Close()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.h.draining:
			return errShuttingDown
		case e, ok := <-sub.Events():
			if !ok {
				return watchEnded(ctx, sub.Err())
			}
			if err := stream.Send(&pb.WatchEventsResponse{Event: eventToProto(&e)}); err != nil {
				return err
			}
		}
	}
}

// watchEnded says why a subscription closed. Without an error of its own
// and with the caller still there, the store was closed under it: the
// server is going away, and the client should resume elsewhere or later.
func watchEnded(ctx context.Context, err error) error {
	switch {
	case err != nil:
		return err
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return errShuttingDown
}

var errShuttingDown = status.Error(codes.Unavailable, "event feed ended: the server is shutting down; resume from the last position received")
