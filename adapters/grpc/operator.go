package grpcadapter

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// backupChunk is how many bytes of the backup one message carries.
const backupChunk = 256 << 10

func (s *adminService) GetPublicKey(ctx context.Context, _ *pb.GetPublicKeyRequest) (*pb.GetPublicKeyResponse, error) {
	key := s.h.cfg.SigningKey
	if key == nil {
		return nil, status.Error(codes.FailedPrecondition, "this server signs no checkpoints: it was started without --signing-key")
	}
	der, err := x509.MarshalPKIXPublicKey(key)
	if err != nil {
		return nil, fmt.Errorf("encode public key: %w", err)
	}
	return &pb.GetPublicKeyResponse{PublicKey: key, Pem: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}, nil
}

// BackupLedger streams the backup file in chunks as it is written; flow
// control holds the reader of the log back when the client is slow, and
// the log's writer never waits for either.
func (s *adminService) BackupLedger(_ *pb.BackupLedgerRequest, stream pb.AdminService_BackupLedgerServer) error {
	ctx := stream.Context()
	w := &chunkWriter{send: func(b []byte) error {
		select {
		case <-s.h.draining:
			return errShuttingDown
		default:
		}
		return stream.Send(&pb.BackupLedgerResponse{Chunk: b})
	}}
	head, err := s.h.cfg.Queries.Backup(ctx, w)
	if err != nil {
		return err
	}
	if err := w.flush(); err != nil {
		return err
	}
	return stream.Send(&pb.BackupLedgerResponse{HeadPosition: head.Position, HeadHash: fmt.Sprintf("%x", head.Hash)})
}

// chunkWriter gathers writes into messages of backupChunk bytes.
type chunkWriter struct {
	buf  []byte
	send func([]byte) error
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for len(w.buf) >= backupChunk {
		if err := w.send(w.buf[:backupChunk]); err != nil {
			return 0, err
		}
		w.buf = append(w.buf[:0], w.buf[backupChunk:]...)
	}
	return len(p), nil
}

func (w *chunkWriter) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	err := w.send(w.buf)
	w.buf = w.buf[:0]
	return err
}
