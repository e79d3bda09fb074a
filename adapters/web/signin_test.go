package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/app"
)

func TestSignin_hardenedCookieWhoseHashAloneIsKept(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn(t, f.reviewerCred)
	u, _ := url.Parse(f.srv.URL)
	cookies := b.http.Jar.Cookies(u)
	var value string
	for _, c := range cookies {
		if c.Name == sessionCookie {
			value = c.Value
		}
	}
	if value == "" {
		t.Fatalf("no session cookie after sign-in: %v", cookies)
	}
	// The jar hides the attributes: ask once more and read the header.
	page := f.browser(t).get("/signin")
	resp, err := http.PostForm(f.srv.URL+"/signin", url.Values{"csrf": {csrfOf(t, page)}, "token": {f.reviewerCred}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without the form's cookie: %d, want 403", resp.StatusCode)
	}

	f.web.sessions.mu.Lock()
	_, byValue := f.web.sessions.byID[value]
	_, byHash := f.web.sessions.byID[hashKey(value)]
	f.web.sessions.mu.Unlock()
	if byValue || !byHash {
		t.Errorf("session table keyed by value: %v, by its hash: %v; want the hash only", byValue, byHash)
	}
	if strings.Contains(b.get("/queue"), f.reviewerCred) {
		t.Error("a page shows the bearer token")
	}
}

func TestSignin_cookieAttributes(t *testing.T) {
	f := newFixture(t)
	for _, tls := range []bool{false, true} {
		f.web.cfg.TLS = tls
		rec := httptestRecorder(f, t, f.reviewerCred)
		var c *http.Cookie
		for _, k := range rec.Result().Cookies() {
			if k.Name == sessionCookie {
				c = k
			}
		}
		if c == nil {
			t.Fatalf("tls=%v: no session cookie set: %v", tls, rec.Result().Header)
		}
		if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Secure != tls || c.Path != "/" {
			t.Errorf("tls=%v: cookie %+v, want HttpOnly, SameSite=Strict, Secure=%v", tls, c, tls)
		}
	}
}

func TestSignin_wrongTokenIsRefusedWithAMessage(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	for _, tok := range []string{"", "nonsense", f.reviewerCred + "x"} {
		code, body := b.post("/signin", url.Values{"csrf": {csrfOf(t, b.get("/signin"))}, "token": {tok}})
		if code != http.StatusUnauthorized && code != http.StatusBadRequest {
			t.Errorf("token %q: %d, want 401 or 400", tok, code)
		}
		if !strings.Contains(body, "not valid") && !strings.Contains(body, "Enter your token") {
			t.Errorf("token %q: no clear message:\n%s", tok, body)
		}
	}
	if n := f.web.sessions.count(); n != 0 {
		t.Errorf("%d sessions after failed sign-ins", n)
	}
}

func TestSignout_endsTheSession(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn(t, f.reviewerCred)
	page := b.get("/queue")
	if code, _ := b.post("/signout", url.Values{"csrf": {"forged"}}); code != http.StatusForbidden {
		t.Errorf("sign-out with a forged CSRF token: %d, want 403", code)
	}
	code, body := b.post("/signout", url.Values{"csrf": {csrfOf(t, page)}})
	if code != http.StatusOK || !strings.Contains(body, "signed out") {
		t.Fatalf("sign out: %d\n%s", code, body)
	}
	if n := f.web.sessions.count(); n != 0 {
		t.Errorf("%d sessions after sign-out", n)
	}
	if body := b.get("/queue"); !strings.Contains(body, `name="token"`) {
		t.Errorf("after sign-out the queue did not send to sign-in:\n%s", body)
	}
}

func TestSession_endsWhenItsTokenIsRevoked(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn(t, f.reviewerCred)
	other := f.signedIn(t, f.reviewer2Cred)
	b.get("/queue")
	tokenID, _, _ := app.SplitCredential(f.reviewerCred)
	if _, err := f.cmds.RevokeToken(context.Background(), app.System, "revoke-rita", "rita", tokenID, "laptop lost", nil); err != nil {
		t.Fatal(err)
	}
	body := b.get("/queue")
	if !strings.Contains(body, "revoked") || !strings.Contains(body, `name="token"`) {
		t.Errorf("the revoked token's session still serves pages:\n%s", body)
	}
	if body := other.get("/queue"); !strings.Contains(body, "Sign out") {
		t.Errorf("another reviewer's session ended with it:\n%s", body)
	}
	if n := f.web.sessions.count(); n != 1 {
		t.Errorf("%d sessions, want 1 (the revoked one forgotten)", n)
	}
}
