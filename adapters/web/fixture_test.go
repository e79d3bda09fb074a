package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/adapters/export/viewexport"
	"github.com/claimledger/claimledger/adapters/memory"
	"github.com/claimledger/claimledger/adapters/memory/memviews"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// testArticle is a short report written for these tests: a currency pair,
// a share and a 2026 headline over a body that speaks of the 2025 plan.
const (
	testTitle = "Lakeshire Unveils 2026 Plan for Growth"
	testBody  = "The government of Lakeshire announced a 3 trillion yuan ($420 billion) package on Monday, according to finance minister Tomas Wren.\n" +
		"The 2025 plan directs 30% of the money to rail lines and power grids.\n"
)

// fixture is the web handler over a real app on the in-memory store and
// views, served by httptest on a loopback port.
type fixture struct {
	store *memory.Store
	cmds  *app.Commands
	qs    *app.Queries
	web   *Server
	srv   *httptest.Server

	adminCred, reviewerCred, reviewer2Cred, editorCred, auditorCred string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{store: memory.New()}
	t.Cleanup(func() { f.store.Close() })
	views := memviews.New(f.store, nil)
	reg := app.NewRegistry()
	var err error
	// A quorum of two, so that a claim can be contested and settled.
	if f.cmds, err = app.NewCommands(f.store, reg, claim.Policy{Quorum: 2}); err != nil {
		t.Fatal(err)
	}
	f.qs = app.NewQueries(views, f.store)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); views.Run(ctx, app.NewProjector(f.store, reg)) }()
	t.Cleanup(func() { cancel(); <-done })
	if f.adminCred, err = f.cmds.Bootstrap(ctx, func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	reg1 := func(name string, role reviewer.Role) string {
		is, err := f.cmds.RegisterReviewer(ctx, app.System, "register-"+name, name, role)
		if err != nil {
			t.Fatalf("register %s: %v", name, err)
		}
		return is.Credential
	}
	f.reviewerCred = reg1("rita", reviewer.RoleReviewer)
	f.reviewer2Cred = reg1("raj", reviewer.RoleReviewer)
	f.editorCred = reg1("eddie", reviewer.RoleEditor)
	f.auditorCred = reg1("audrey", reviewer.RoleAuditor)
	if f.web, err = New(Config{Commands: f.cmds, Queries: f.qs, Exporter: viewexport.Exporter{}}); err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(f.web)
	t.Cleanup(f.srv.Close)
	return f
}

// head is the ledger's last position, read from the store itself.
func (f *fixture) head(t *testing.T) uint64 {
	t.Helper()
	pos, _, err := f.store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return pos
}

// browser is one person's cookie jar against the fixture.
type browser struct {
	t    *testing.T
	f    *fixture
	http *http.Client
}

func (f *fixture) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, f: f, http: &http.Client{Jar: jar}}
}

// signedIn is a browser signed in with cred.
func (f *fixture) signedIn(t *testing.T, cred string) *browser {
	t.Helper()
	b := f.browser(t)
	page := b.get("/signin")
	code, body := b.post("/signin", url.Values{"csrf": {csrfOf(t, page)}, "token": {cred}})
	if code != http.StatusOK || !strings.Contains(body, "Sign out") {
		t.Fatalf("sign in: %d\n%s", code, body)
	}
	return b
}

func (b *browser) get(path string) string {
	b.t.Helper()
	code, body := b.do(http.MethodGet, path, nil)
	if code != http.StatusOK {
		b.t.Fatalf("GET %s: %d\n%s", path, code, body)
	}
	return body
}

func (b *browser) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	return b.do(http.MethodPost, path, form)
}

func (b *browser) do(method, path string, form url.Values) (int, string) {
	b.t.Helper()
	var rd io.Reader
	if form != nil {
		rd = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.f.srv.URL+path, rd)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfOf is the CSRF token of the first form of page.
func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no csrf field in the page:\n%s", page)
	}
	return m[1]
}

// ingest records the test article through the page, as b, and returns the
// article page.
func (b *browser) ingest(title, body string) (int, string) {
	b.t.Helper()
	return b.post("/ingest", url.Values{"csrf": {csrfOf(b.t, b.get("/ingest"))},
		"title": {title}, "body": {body}, "published": {"2026-03-02"}})
}

var claimLink = regexp.MustCompile(`href="/claims/([^"/]+)"`)

// claimIDs are the claims an article page links to, in order, once each.
func claimIDs(page string) []string {
	var ids []string
	seen := map[string]bool{}
	for _, m := range claimLink.FindAllStringSubmatch(page, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			ids = append(ids, m[1])
		}
	}
	return ids
}

// httptestRecorder signs in with cred straight through the handler and
// returns the answer, whose Set-Cookie headers a jar would hide.
func httptestRecorder(f *fixture, t *testing.T, cred string) *httptest.ResponseRecorder {
	t.Helper()
	form := url.Values{"csrf": {"tok"}, "token": {cred}}
	req := httptest.NewRequest(http.MethodPost, "/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: signinCookie, Value: "tok"})
	rec := httptest.NewRecorder()
	f.web.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("sign in: %d\n%s", rec.Code, rec.Body)
	}
	return rec
}
