package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/app"
)

// deskBenchArticles × 50 claims are the views the desk benchmark reads.
const deskBenchArticles = 2000

// deskBenchBody is a made-up report of 25 sentences the extractor finds
// exactly 50 claims in (a count and a percentage each), unique per i.
func deskBenchBody(i int) string {
	var b strings.Builder
	for j := 0; j < 25; j++ {
		fmt.Fprintf(&b, "Harbour district %s%c built %d new homes and cut its waiting list by %d%%. ", letters(i), 'a'+j, 1000+i%97+j, 10+j)
	}
	return b.String()
}

// letters spells i with upper-case consonants: a number in a name could
// be read as a year, and a word as a verb.
func letters(i int) string {
	const digits = "BCDFGHJKLMNPQRSTVWXZ"
	s := ""
	for {
		s = string(digits[i%len(digits)]) + s
		if i /= len(digits); i == 0 {
			return s
		}
	}
}

// BenchmarkDesk renders the queue and a 50-claim article at the server
// (the handler, no network) with 100 000 claims in claimsd's SQLite views.
func BenchmarkDesk(b *testing.B) {
	ts := startServer(b, b.TempDir(), "--rate-limit", "0")
	ctx := context.Background()
	// The pages are measured here, not matching (BenchmarkMatch is its
	// own): every article repeats the others' figures, and matching 2 000
	// such articles one after the other would take most of an hour. No
	// other command runs during the fill.
	matcher := ts.srv.cmds.Matcher
	ts.srv.cmds.Matcher = nil
	var article string
	for i := 0; i < deskBenchArticles; i++ {
		res, err := ts.srv.cmds.IngestArticle(ctx, app.System, app.IngestArticle{RequestID: fmt.Sprint("bench-", i),
			Title: "Harbour council report " + letters(i), Body: []byte(deskBenchBody(i)), Published: "2026-03-02"})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.ClaimIDs) != 50 {
			b.Fatalf("article %d: %d claims, want 50", i, len(res.ClaimIDs))
		}
		if i == deskBenchArticles/2 {
			article = res.ArticleID
		}
	}
	ts.srv.cmds.Matcher = matcher
	waitViews(b, ts)
	h := ts.srv.web.srv.Handler
	cookie := benchSignIn(b, h, ts.admin)
	for _, page := range []struct{ name, path string }{
		{"queue", "/queue"},
		{"queue_flagged_page", "/queue?flag=clean&after=" + url.QueryEscape(article+"-25")},
		{"article_50_claims", "/articles/" + article},
		{"claim", "/claims/" + article + "-07"},
	} {
		b.Run(page.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, page.path, nil)
				req.AddCookie(cookie)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d\n%s", page.path, rec.Code, rec.Body)
				}
			}
		})
	}
}

// benchSignIn signs in through the handler and returns the session cookie.
func benchSignIn(b *testing.B, h http.Handler, cred string) *http.Cookie {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/signin", nil))
	var signin *http.Cookie
	for _, c := range rec.Result().Cookies() {
		signin = c
	}
	m := signinCSRF.FindStringSubmatch(rec.Body.String())
	if signin == nil || m == nil {
		b.Fatalf("no sign-in form: %s", rec.Body)
	}
	form := url.Values{"csrf": {m[1]}, "token": {cred}}
	req := httptest.NewRequest(http.MethodPost, "/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(signin)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "claimledger_session" && c.Value != "" {
			return c
		}
	}
	b.Fatalf("sign in: %d %s", rec.Code, rec.Body)
	return nil
}
