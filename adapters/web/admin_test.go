package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var newToken = regexp.MustCompile(`<code id="new-token">([^<]+)</code>`)

func TestAdmin_registerShowsTheTokenOnceAndRevokeEndsItsSessions(t *testing.T) {
	f := newFixture(t)
	admin := f.signedIn(t, f.adminCred)
	page := admin.get("/admin")
	code, body := admin.post("/admin/reviewers", url.Values{"csrf": {csrfOf(t, page)}, "name": {"nina"}, "role": {"reviewer"}})
	m := newToken.FindStringSubmatch(body)
	if code != http.StatusOK || m == nil {
		t.Fatalf("register: %d\n%s", code, body)
	}
	cred := m[1]
	if strings.Contains(admin.get("/admin"), cred) {
		t.Error("the new token is shown again on the next visit")
	}
	nina := f.signedIn(t, cred)
	tokenID, _, _ := strings.Cut(cred, ".")
	code, body = admin.post("/admin/reviewers/nina/tokens/"+tokenID+"/revoke", url.Values{"csrf": {csrfOf(t, page)}, "reason": {"test"}})
	if code != http.StatusOK || !strings.Contains(body, "revoked") {
		t.Fatalf("revoke: %d\n%s", code, body)
	}
	if body := nina.get("/queue"); !strings.Contains(body, `name="token"`) {
		t.Errorf("the revoked token's session still serves pages:\n%s", body)
	}
	code, body = admin.post("/admin/reviewers/nina/tokens", url.Values{"csrf": {csrfOf(t, page)}})
	if code != http.StatusOK || newToken.FindStringSubmatch(body) == nil {
		t.Errorf("issue a new token: %d\n%s", code, body)
	}
}

func TestAdmin_badInputAndRoles(t *testing.T) {
	f := newFixture(t)
	admin := f.signedIn(t, f.adminCred)
	page := admin.get("/admin")
	before := f.head(t)
	for _, form := range []url.Values{{"name": {"nina smith"}, "role": {"reviewer"}}, {"name": {"nina"}, "role": {"root"}}, {"name": {"rita"}, "role": {"reviewer"}}} {
		form.Set("csrf", csrfOf(t, page))
		code, body := admin.post("/admin/reviewers", form)
		if code < 400 || !strings.Contains(body, `class="message"`) || newToken.MatchString(body) {
			t.Errorf("register %v: %d, want a refusal with a message and no token\n%s", form, code, body)
		}
	}
	if got := f.head(t); got != before {
		t.Errorf("the log moved from %d to %d on refused forms", before, got)
	}
	rita := f.signedIn(t, f.reviewerCred)
	if code, _ := rita.do(http.MethodGet, "/admin", nil); code != http.StatusForbidden {
		t.Errorf("a reviewer's /admin: %d, want 403", code)
	}
	if strings.Contains(rita.get("/queue"), `href="/admin"`) {
		t.Error("a reviewer's pages link to /admin")
	}
}
