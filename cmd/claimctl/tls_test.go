package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTLS talks to a claimsd serving TLS with a certificate claimctl
// verifies against --ca-cert, and checks that a plaintext client and a
// client trusting other roots are both refused.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	s := startServerWith(t, []string{"--ca-cert", cert}, "--tls-cert", cert, "--tls-key", key)
	if out := s.must(s.admin, "claims", "list"); !strings.HasPrefix(out, "ID") {
		t.Errorf("claims list over TLS: %q", out)
	}
	var out, errb strings.Builder
	if code := run([]string{"--addr", s.addr, "--token", s.admin, "--timeout", "3s", "claims", "list"}, &out, &errb); code != 9 {
		t.Errorf("plaintext client against TLS: exit %d, want 9 (Unavailable)\n%s", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"--addr", s.addr, "--token", s.admin, "--tls", "--timeout", "3s", "claims", "list"}, &out, &errb); code != 9 {
		t.Errorf("system roots against a self-signed server: exit %d, want 9\n%s", code, errb.String())
	}
}

// selfSigned writes a certificate for 127.0.0.1 that is its own CA.
func selfSigned(t *testing.T, dir string) (certPath, keyPath string) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "claimsd test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	certPath, keyPath = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certPath, keyPath
}
