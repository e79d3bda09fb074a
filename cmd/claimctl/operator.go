package main

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

func runPublicKey(e *env, args []string) error {
	fs := e.flags("admin public-key", "admin public-key [--save FILE]",
		"Prints the Ed25519 public key the server signs ledger checkpoints with, as PEM (admin or auditor role).\n"+
			"Keep the copy somewhere the server cannot write, and check the ledger against it with\n"+
			"`claimctl audit verify --public-key FILE`.",
		"claimctl admin public-key --save ledger.pub")
	save := fs.String("save", "", "write the key to this file instead of stdout")
	if _, err := e.parse(fs, args, 0, 0); err != nil {
		return err
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	ctx, cancel := e.call()
	defer cancel()
	res, err := pb.NewAdminServiceClient(conn).GetPublicKey(ctx, &pb.GetPublicKeyRequest{})
	if err != nil {
		return err
	}
	if *save != "" {
		return os.WriteFile(*save, []byte(res.GetPem()), 0o644)
	}
	_, err = io.WriteString(e.stdout, res.GetPem())
	return err
}

// readPublicKey reads a PEM "PUBLIC KEY" file holding an Ed25519 key.
func readPublicKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("--public-key: %v", err)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, usagef("--public-key %s: not a PEM PUBLIC KEY block", path)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, usagef("--public-key %s: %v", path, err)
	}
	pub, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, usagef("--public-key %s: a %T, want Ed25519", path, k)
	}
	return pub, nil
}

func runBackup(e *env, args []string) error {
	fs := e.flags("admin backup", "admin backup FILE",
		"Copies the whole ledger from the running server to FILE (admin role), without stopping its writes:\n"+
			"the events up to the head when the backup starts. Restore it with `claimsd restore --from FILE --db PATH`.\n"+
			"FILE must not exist; it appears only once the copy is complete.",
		"claimctl admin backup ledger-2026-03-10.backup")
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	path := pos[0]
	if _, err := os.Stat(path); err == nil {
		return usagef("%s exists; a backup never overwrites a file", path)
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	// A large ledger takes longer than one ordinary call.
	ctx, cancel := context.WithTimeout(e.ctx, max(e.g.timeout, time.Hour))
	defer cancel()
	stream, err := pb.NewAdminServiceClient(conn).BackupLedger(ctx, &pb.BackupLedgerRequest{})
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // nothing there once renamed
	var last *pb.BackupLedgerResponse
	var size int64
	for {
		res, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.Close()
			return err
		}
		n, err := f.Write(res.GetChunk())
		size += int64(n)
		if err != nil {
			f.Close()
			return err
		}
		last = res
	}
	if last == nil || last.GetHeadHash() == "" {
		f.Close()
		return errors.New("backup: the stream ended without the server's head: the copy is incomplete")
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		return err
	}
	if err := os.Link(f.Name(), path); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "backup: %s, %d bytes, up to position %d (hash %s)\n", path, size, last.GetHeadPosition(), last.GetHeadHash())
	return err
}
