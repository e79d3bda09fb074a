package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
)

// TestE2E_shutdownDrainsAndKeepsAcknowledgedWrites shuts the server down
// while reviews are being written and a WatchEvents stream is open: the
// watch ends with UNAVAILABLE, the shutdown ends within the drain timeout,
// and every review the server acknowledged is there after a restart.
func TestE2E_shutdownDrainsAndKeepsAcknowledgedWrites(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, dir, "--drain-timeout", "1s")
	alice := ts.register("alice", pb.Role_ROLE_REVIEWER)
	var claims []string
	for i := range 12 {
		res, err := ts.articles.IngestArticle(as(alice), benchArticle(i))
		if err != nil {
			t.Fatalf("ingest: %v", err)
		}
		for _, c := range res.GetClaims() {
			claims = append(claims, c.GetId())
		}
	}

	// A stream that follows the log forever: the drain must end it (with
	// UNAVAILABLE, so its client resumes elsewhere) or the timeout would.
	watchCtx, cancelWatch := context.WithCancel(as(alice))
	defer cancelWatch()
	watch, err := ts.ledger.WatchEvents(watchCtx, &pb.WatchEventsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := watch.Recv(); err != nil {
		t.Fatalf("watch: %v", err)
	}

	var mu sync.Mutex
	var acked []string
	next := make(chan string, len(claims))
	for _, c := range claims {
		next <- c
	}
	close(next)
	enough := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for id := range next {
				_, err := ts.claims.SubmitReview(as(alice), &pb.SubmitReviewRequest{RequestId: "vote-" + id, ClaimId: id, Verdict: pb.Verdict_VERDICT_CONFIRM})
				if err != nil {
					return // the server is going away
				}
				mu.Lock()
				acked = append(acked, id)
				if len(acked) == 20 {
					once.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		})
	}
	<-enough
	began := time.Now()
	if err := ts.srv.shutdown(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	took := time.Since(began)
	wg.Wait()
	if took > 3*time.Second {
		t.Errorf("shutdown took %v with a 1s drain timeout", took)
	}
	t.Logf("shutdown took %v; %d of %d reviews acknowledged", took, len(acked), len(claims))
	for {
		if _, err := watch.Recv(); err != nil {
			wantCode(t, "the watch stream at shutdown", err, codes.Unavailable)
			break
		}
	}

	ts2 := startServer(t, dir)
	ts2.verify()
	for _, id := range acked {
		res, err := ts2.claims.GetClaim(as(alice), &pb.GetClaimRequest{Id: id})
		if err != nil {
			t.Fatalf("get %s: %v", id, err)
		}
		if res.GetClaim().GetStatus() != pb.ClaimStatus_CLAIM_STATUS_CONFIRMED {
			t.Errorf("acknowledged review of %s lost: status %v", id, res.GetClaim().GetStatus())
		}
	}
}

// TestE2E_staleAdminTokenFileIsReplaced: a new database next to an admin
// token file left from an earlier one gets a new admin, whose credential
// replaces the old file, for its owner only.
func TestE2E_staleAdminTokenFileIsReplaced(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "admin.token")
	if err := os.WriteFile(path, []byte("t000000000000.stale\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, dir)
	if ts.admin == "t000000000000.stale" {
		t.Fatal("the stale admin token file was kept")
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("admin token file: %v, mode %v", err, fi.Mode().Perm())
	}
	ts.register("alice", pb.Role_ROLE_REVIEWER) // the new credential works
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".admin.token.*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

// TestE2E_tls serves over TLS with --tls-cert and --tls-key: a client that
// trusts the certificate gets through, a plaintext one does not.
func TestE2E_tls(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	o := testOptions(t, dir, "--tls-cert", certFile, "--tls-key", keyFile)
	srv, err := start(context.Background(), o, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := srv.shutdown(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	}()
	conn, err := grpc.NewClient(srv.addr().String(), grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := healthCheck(ctx, conn); err != nil {
		t.Errorf("health over TLS: %v", err)
	}
	plain := dial(t, srv.addr().String())
	defer plain.Close()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel2()
	if err := healthCheck(ctx2, plain); err == nil {
		t.Error("a plaintext client got through to a TLS server")
	}

	// A key pair that does not load is a runtime error, before anything
	// listens.
	badDir := t.TempDir()
	bad := testOptions(t, badDir, "--tls-cert", filepath.Join(dir, "missing.pem"), "--tls-key", keyFile)
	if _, err := start(context.Background(), bad, testLogger(t)); err == nil {
		t.Error("started with a missing certificate")
	}
	if left, _ := os.ReadDir(badDir); len(left) > 0 {
		t.Errorf("a failed start left files behind: %v", left)
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key into dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "claimsd test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	write := func(path, typ string, b []byte) {
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(certFile, "CERTIFICATE", der)
	write(keyFile, "EC PRIVATE KEY", keyDER)
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestE2E_warnings: the log warns about plaintext beyond loopback, and
// about an admin whose token file was removed (without writing a new one:
// only a new database gets a new admin).
func TestE2E_warnings(t *testing.T) {
	dir := t.TempDir()
	logs := &syncBuffer{}
	ts := startServerLog(t, dir, slog.New(slog.NewTextHandler(logs, nil)), "--listen", "0.0.0.0:0")
	if !strings.Contains(logs.String(), "serving plaintext beyond loopback") {
		t.Errorf("no warning for plaintext on 0.0.0.0:\n%s", logs.String())
	}
	ts.stop()
	if err := os.Remove(ts.o.adminTokenFile); err != nil {
		t.Fatal(err)
	}
	logs2 := &syncBuffer{}
	o := testOptions(t, dir)
	srv, err := start(context.Background(), o, slog.New(slog.NewTextHandler(logs2, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.shutdown()
	if !strings.Contains(logs2.String(), "admin token file is missing") || strings.Contains(logs2.String(), "serving plaintext") {
		t.Errorf("unexpected warnings on loopback with a missing token file:\n%s", logs2.String())
	}
	if _, err := os.Stat(o.adminTokenFile); err == nil {
		t.Error("a restart wrote a new admin token file for an existing admin")
	}
}
