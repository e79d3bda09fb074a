package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestCSRF_formWithoutTheSessionsTokenIsRefusedAndRecordsNothing(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn(t, f.reviewerCred)
	other := f.signedIn(t, f.reviewer2Cred)
	before := f.head(t)
	for name, tok := range map[string]string{"none": "", "forged": "forged", "another session's": csrfOf(t, other.get("/ingest"))} {
		code, body := b.post("/ingest", url.Values{"csrf": {tok}, "title": {testTitle}, "body": {testBody}})
		if code != http.StatusForbidden || !strings.Contains(body, "CSRF") {
			t.Errorf("%s CSRF token: %d, want 403 naming CSRF\n%s", name, code, body)
		}
	}
	if got := f.head(t); got != before {
		t.Errorf("the log moved from %d to %d on refused forms", before, got)
	}
}

func TestEscaping_articleTextIsNeverMarkup(t *testing.T) {
	f := newFixture(t)
	b := f.signedIn(t, f.reviewerCred)
	title := `Lakeshire <script>alert("t")</script> "><img src=x onerror=alert(1)> 2026 Plan`
	body := "The <script>alert('b')</script> government announced a 3 trillion yuan ($420 billion) package on Monday.\n" +
		`"><img src=x onerror=alert(2)> The 2025 plan directs 30% of the money to rail lines.` + "\n"
	code, page := b.ingest(title, body)
	if code != http.StatusOK {
		t.Fatalf("ingest: %d\n%s", code, page)
	}
	pages := []string{page, b.get("/queue")}
	for _, id := range claimIDs(page) {
		pages = append(pages, b.get("/claims/"+id))
	}
	if len(pages) < 3 {
		t.Fatalf("the article page links no claims:\n%s", page)
	}
	for i, p := range pages {
		for _, bad := range []string{"<script>alert", "<img src=x", `"><img`} {
			if strings.Contains(p, bad) {
				t.Errorf("page %d carries %q as markup", i, bad)
			}
		}
		checkScripts(t, p)
	}
	for _, want := range []string{"&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;", "&lt;script&gt;alert(&#39;b&#39;)&lt;/script&gt;",
		"&#34;&gt;&lt;img src=x onerror=alert(1)&gt;", "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("the article page does not show %s as text\n%s", want, page)
		}
	}
}

var scriptTag = regexp.MustCompile(`(?i)<script[^>]*>`)

// checkScripts fails on any script element that is not a static file.
func checkScripts(t *testing.T, page string) {
	t.Helper()
	for _, tag := range scriptTag.FindAllString(page, -1) {
		if tag != `<script src="/static/desk.js" defer>` {
			t.Errorf("inline or foreign script: %s", tag)
		}
	}
	if regexp.MustCompile(`(?i)<[a-z]+[^>]*\son[a-z]+=`).MatchString(page) {
		t.Error("an event-handler attribute in the page")
	}
}

func TestSecurityHeaders_onEveryAnswer(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/signin", "/queue", "/static/desk.js", "/nowhere"} {
		resp, err := http.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		c := h.Get("Content-Security-Policy")
		if !strings.Contains(c, "frame-ancestors 'none'") || !strings.Contains(c, "script-src 'self'") ||
			strings.Contains(c, "unsafe-inline") || strings.Contains(c, "unsafe-eval") {
			t.Errorf("%s: CSP %q", path, c)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, h.Get("X-Content-Type-Options"))
		}
	}
}

func TestRoles_aPageTheRoleMayNotSeeIs403(t *testing.T) {
	f := newFixture(t)
	rita := f.signedIn(t, f.reviewerCred)
	_, page := rita.ingest(testTitle, testBody)
	id := claimIDs(page)[0]
	audrey := f.signedIn(t, f.auditorCred)
	before := f.head(t)
	cases := []struct {
		b            *browser
		method, path string
	}{
		{rita, http.MethodGet, "/claims/" + id + "/history"},
		{rita, http.MethodPost, "/claims/" + id + "/settle"},
		{audrey, http.MethodGet, "/ingest"},
		{audrey, http.MethodPost, "/claims/" + id + "/review"},
	}
	for _, c := range cases {
		form := url.Values{"csrf": {csrfOf(t, c.b.get("/queue"))}, "version": {"1"}, "verdict": {"confirm"}}
		code, body := c.b.do(c.method, c.path, form)
		if code != http.StatusForbidden || !strings.Contains(body, "does not have the") {
			t.Errorf("%s %s: %d, want 403 naming the action\n%s", c.method, c.path, code, body)
		}
	}
	if got := f.head(t); got != before {
		t.Errorf("the log moved from %d to %d on refused pages", before, got)
	}
	if body := audrey.get("/claims/" + id + "/history"); !strings.Contains(body, "claim.extracted") {
		t.Errorf("the auditor's history page lacks the extraction event:\n%s", body)
	}
	if strings.Contains(audrey.get("/queue"), "wait for your vote") {
		t.Error("an auditor, who may not vote, is told claims wait for their vote")
	}
	// Forms a role may not send are not shown to it.
	if strings.Contains(rita.get("/claims/"+id), "/settle") {
		t.Error("a reviewer's claim page shows the settle form")
	}
}
