package main

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var signinCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs into the pages at base with cred and returns the client and
// the page it landed on.
func signIn(t *testing.T, client *http.Client, base, cred string) (*http.Response, string) {
	t.Helper()
	resp, err := client.Get(base + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := signinCSRF.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no sign-in form at %s:\n%s", base, page)
	}
	resp, err = client.PostForm(base+"/signin", url.Values{"csrf": {string(m[1])}, "token": {cred}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

// TestWeb_servedBesideGRPC: claimsd serves the review desk on --http, and
// the admin's token signs in.
func TestWeb_servedBesideGRPC(t *testing.T) {
	ts := startServer(t, t.TempDir())
	addr := ts.srv.web.addr()
	if addr == nil {
		t.Fatal("no web listener with --http 127.0.0.1:0")
	}
	jar, _ := cookiejar.New(nil)
	resp, body := signIn(t, &http.Client{Jar: jar}, "http://"+addr.String(), ts.admin)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Queue") || !strings.Contains(body, "admin") {
		t.Fatalf("sign in as admin: %d\n%s", resp.StatusCode, body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
}

func TestWeb_offWithEmptyHTTP(t *testing.T) {
	ts := startServer(t, t.TempDir(), "--http", "")
	if addr := ts.srv.web.addr(); addr != nil {
		t.Errorf(`--http "" still serves pages on %s`, addr)
	}
}

// A taken --http port fails the start before anything is created on disk.
func TestWeb_portTakenCreatesNothing(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	o := testOptions(t, dir, "--http", taken.Addr().String())
	if srv, err := start(t.Context(), o, testLogger(t)); err == nil {
		srv.shutdown()
		t.Fatal("start on a taken --http port succeeded")
	} else if !strings.Contains(err.Error(), "--http") {
		t.Errorf("error does not name --http: %v", err)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("a start that failed on a taken port left %v", left)
	}
}

// TestWeb_tls serves the pages with the gRPC key pair, and the session
// cookie is Secure there.
func TestWeb_tls(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	o := testOptions(t, dir, "--tls-cert", certFile, "--tls-key", keyFile)
	srv, err := start(context.Background(), o, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.shutdown()
	admin, err := os.ReadFile(filepath.Join(dir, "admin.token"))
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, body := signIn(t, client, "https://"+srv.web.addr().String(), strings.TrimSpace(string(admin)))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in over TLS: %d\n%s", resp.StatusCode, body)
	}
	var secure bool
	for _, c := range resp.Cookies() {
		if c.Name == "claimledger_session" {
			secure = c.Secure && c.HttpOnly
		}
	}
	if !secure {
		t.Errorf("session cookie over TLS is not Secure and HttpOnly: %v", resp.Header["Set-Cookie"])
	}
	// Plaintext to the TLS listener gets no page.
	if resp, err := http.Get("http://" + srv.web.addr().String() + "/signin"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plaintext HTTP served a page on the TLS listener")
		}
	}
}
