package web

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// download fetches an export as b: the status, the headers and the file.
func (b *browser) download(query url.Values) (int, http.Header, string) {
	b.t.Helper()
	resp, err := b.http.Get(b.f.srv.URL + "/export/file?" + query.Encode())
	if err != nil {
		b.t.Fatalf("download: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatalf("download: %v", err)
	}
	return resp.StatusCode, resp.Header, string(body)
}

// confirmedMoneyClaim ingests the test article and confirms its money
// claim to the fixture's quorum of two.
func confirmedMoneyClaim(t *testing.T, f *fixture) string {
	t.Helper()
	rita, raj := f.signedIn(t, f.reviewerCred), f.signedIn(t, f.reviewer2Cred)
	id := claimOfKind(t, f, rita, "money")
	for _, b := range []*browser{rita, raj} {
		if code, body := vote(t, b, id, url.Values{"verdict": {"confirm"}}); code != http.StatusOK {
			t.Fatalf("confirm: %d\n%s", code, body)
		}
	}
	return id
}

func TestExport_eachFormatDownloadsTheVerifiedSetAsAFile(t *testing.T) {
	f := newFixture(t)
	id := confirmedMoneyClaim(t, f)
	audrey := f.signedIn(t, f.auditorCred)
	page := audrey.get("/export")
	for _, want := range []string{`id="format-csv"`, `id="format-jsonl"`, `id="format-claimreview"`, `<option value="confirmed" selected>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the export page lacks %s", want)
		}
	}
	cases := []struct {
		format, mediaType, filename string
		check                       func(t *testing.T, file string)
	}{
		{"csv", "text/csv", "claimledger-confirmed.csv", func(t *testing.T, file string) {
			rows, err := csv.NewReader(strings.NewReader(file)).ReadAll()
			if err != nil || len(rows) != 2 || rows[0][0] != "id" || rows[1][0] != id || rows[1][3] != "confirmed" || rows[1][7] != "2" {
				t.Errorf("csv: %v, %q", err, rows)
			}
		}},
		{"jsonl", "application/jsonl", "claimledger-confirmed.jsonl", func(t *testing.T, file string) {
			var c struct{ ID, Status, ArticleTitle string }
			lines := strings.Split(strings.TrimSuffix(file, "\n"), "\n")
			if err := json.Unmarshal([]byte(lines[0]), &c); err != nil || len(lines) != 1 || c.ID != id ||
				c.Status != "CLAIM_STATUS_CONFIRMED" || c.ArticleTitle != testTitle {
				t.Errorf("jsonl: %v, %d lines, %+v", err, len(lines), c)
			}
		}},
		{"claimreview", "application/ld+json", "claimledger-confirmed.json", func(t *testing.T, file string) {
			var docs []struct {
				Type         string `json:"@type"`
				URL          string `json:"url"`
				Author       struct{ Name string }
				ReviewRating struct{ AlternateName string }
			}
			if err := json.Unmarshal([]byte(file), &docs); err != nil || len(docs) != 1 || docs[0].Type != "ClaimReview" ||
				docs[0].URL != "https://desk.example/claims/"+id || docs[0].Author.Name != "Tram Watch" || docs[0].ReviewRating.AlternateName != "True" {
				t.Errorf("claimreview: %v, %+v\n%s", err, docs, file)
			}
		}},
	}
	for _, c := range cases {
		code, h, file := audrey.download(url.Values{"format": {c.format}, "status": {"confirmed"},
			"org": {"Tram Watch"}, "base": {"https://desk.example"}})
		if code != http.StatusOK {
			t.Fatalf("%s: %d\n%s", c.format, code, file)
		}
		if mt, _, _ := mime.ParseMediaType(h.Get("Content-Type")); mt != c.mediaType {
			t.Errorf("%s: Content-Type %q, want %s", c.format, h.Get("Content-Type"), c.mediaType)
		}
		if disp, params, _ := mime.ParseMediaType(h.Get("Content-Disposition")); disp != "attachment" || params["filename"] != c.filename {
			t.Errorf("%s: Content-Disposition %q, want an attachment named %s", c.format, h.Get("Content-Disposition"), c.filename)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff on the file", c.format)
		}
		c.check(t, file)
	}
	// Any status: every claim of the article, one CSV row each.
	all, err := f.qs.Claims(t.Context(), app.ClaimFilter{}, "", 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	code, h, file := audrey.download(url.Values{"format": {"csv"}, "kind": {"money"}})
	if _, params, _ := mime.ParseMediaType(h.Get("Content-Disposition")); code != http.StatusOK || params["filename"] != "claimledger-all-money.csv" {
		t.Errorf("any status: %d, %q", code, h.Get("Content-Disposition"))
	}
	if rows := strings.Count(file, "\n"); rows != 2 || len(all) < 3 {
		t.Errorf("kind=money over %d claims: %d lines\n%s", len(all), rows, file)
	}
}

// TestExport_rolesAsThePermissionTableHasThem: the download is
// ExportClaims, so each role gets it exactly when the table lets it ask
// for ExportClaims (today every role may export: a verified set is what
// the desk publishes), and a caller with no session is sent to sign in.
func TestExport_rolesAsThePermissionTableHasThem(t *testing.T) {
	f := newFixture(t)
	for role, cred := range map[reviewer.Role]string{reviewer.RoleReviewer: f.reviewerCred, reviewer.RoleEditor: f.editorCred,
		reviewer.RoleAuditor: f.auditorCred, reviewer.RoleAdmin: f.adminCred} {
		want := http.StatusForbidden
		if app.Allowed(app.OpExportClaims, role) {
			want = http.StatusOK
		}
		b := f.signedIn(t, cred)
		for _, path := range []string{"/export", "/export/file?format=csv"} {
			if code, body := b.do(http.MethodGet, path, nil); code != want {
				t.Errorf("%s GET %s: %d, want %d\n%s", role, path, code, want, body)
			}
		}
	}
	anon := f.browser(t)
	anon.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	code, h, _ := anon.download(url.Values{"format": {"csv"}})
	if code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/signin?") {
		t.Errorf("no session: %d to %q, want a redirect to sign in", code, h.Get("Location"))
	}
}

func TestExport_badRequestNamesEveryFieldAndSendsNoFile(t *testing.T) {
	f := newFixture(t)
	rita := f.signedIn(t, f.reviewerCred)
	code, h, body := rita.download(url.Values{"format": {"xml"}, "status": {"bogus"}, "kind": {"<b>nope</b>"}, "base": {"javascript:alert(1)"}})
	if code != http.StatusBadRequest || h.Get("Content-Disposition") != "" || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("bad export request: %d, %v", code, h)
	}
	for _, field := range []string{"format:", "status:", "kind:", "base url:", "&lt;b&gt;nope&lt;/b&gt;"} {
		if !strings.Contains(body, field) {
			t.Errorf("the refusal does not name %q\n%s", field, body)
		}
	}
}
