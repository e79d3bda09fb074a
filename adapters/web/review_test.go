package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
)

// claimOfKind ingests the test article as b and returns the id of its first
// claim of kind.
func claimOfKind(t *testing.T, f *fixture, b *browser, kind string) string {
	t.Helper()
	code, page := b.ingest(testTitle, testBody)
	if code != http.StatusOK {
		t.Fatalf("ingest: %d\n%s", code, page)
	}
	for _, id := range claimIDs(page) {
		c, err := f.qs.Claim(context.Background(), id, 0)
		if err != nil {
			t.Fatal(err)
		}
		if c.Kind == kind {
			return id
		}
	}
	t.Fatalf("no %s claim in the article page:\n%s", kind, page)
	return ""
}

// vote sends the review form of the claim page as b.
func vote(t *testing.T, b *browser, id string, fields url.Values) (int, string) {
	t.Helper()
	page := b.get("/claims/" + id)
	fields.Set("csrf", csrfOf(t, page))
	if fields.Get("version") == "" {
		fields.Set("version", versionOf(t, page))
	}
	return b.post("/claims/"+id+"/review", fields)
}

func versionOf(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `name="version" value="`)
	if !ok {
		t.Fatalf("no version field in the page:\n%s", page)
	}
	v, _, _ := strings.Cut(rest, `"`)
	return v
}

func status(t *testing.T, f *fixture, id string) claim.Status {
	t.Helper()
	c, err := f.qs.Claim(context.Background(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	return c.Status
}

func TestReview_confirmToQuorum(t *testing.T) {
	f := newFixture(t)
	rita, raj := f.signedIn(t, f.reviewerCred), f.signedIn(t, f.reviewer2Cred)
	id := claimOfKind(t, f, rita, "money")
	code, body := vote(t, rita, id, url.Values{"verdict": {"confirm"}, "evidence": {"https://example.org/a\n\nhttps://example.org/b"}, "note": {"matches the ministry's release"}})
	if code != http.StatusOK || !strings.Contains(body, `class="message ok"`) || !strings.Contains(body, "recorded") || !strings.Contains(body, "https://example.org/b") {
		t.Fatalf("first confirm: %d\n%s", code, body)
	}
	if s := status(t, f, id); s != claim.StatusUnderReview {
		t.Errorf("after one of two votes: %s", s)
	}
	if code, body := vote(t, raj, id, url.Values{"verdict": {"confirm"}}); code != http.StatusOK || !strings.Contains(body, `id="claim-status">confirmed`) {
		t.Fatalf("second confirm: %d\n%s", code, body)
	}
}

func TestReview_contestedThenSettledByAnEditor(t *testing.T) {
	f := newFixture(t)
	rita, raj, eddie := f.signedIn(t, f.reviewerCred), f.signedIn(t, f.reviewer2Cred), f.signedIn(t, f.editorCred)
	id := claimOfKind(t, f, rita, "percentage")
	vote(t, rita, id, url.Values{"verdict": {"confirm"}})
	if code, body := vote(t, raj, id, url.Values{"verdict": {"dispute"}, "reason": {"wrong_value"}, "corrected": {"25%"}}); code != http.StatusOK {
		t.Fatalf("dispute: %d\n%s", code, body)
	}
	if s := status(t, f, id); s != claim.StatusContested {
		t.Fatalf("after a confirm and a dispute: %s", s)
	}
	page := eddie.get("/claims/" + id)
	code, body := eddie.post("/claims/"+id+"/settle", url.Values{"csrf": {csrfOf(t, page)}, "version": {versionOf(t, page)},
		"verdict": {"dispute"}, "note": {"the budget says 25%"}})
	if code != http.StatusOK || !strings.Contains(body, `id="claim-status">disputed`) {
		t.Fatalf("settle: %d\n%s", code, body)
	}
}

func TestForms_badInputShowsAClearMessageAndRecordsNothing(t *testing.T) {
	f := newFixture(t)
	rita := f.signedIn(t, f.reviewerCred)
	id := claimOfKind(t, f, rita, "money")
	before := f.head(t)
	cases := []struct {
		name   string
		send   func() (int, string)
		code   int
		saying string
	}{
		{"ingest without a headline", func() (int, string) { return rita.ingest("", testBody) }, http.StatusBadRequest, "title"},
		{"ingest without a body", func() (int, string) { return rita.ingest("Headline", "") }, http.StatusBadRequest, "body"},
		{"dispute without a reason", func() (int, string) { return vote(t, rita, id, url.Values{"verdict": {"dispute"}}) }, http.StatusBadRequest, "reason"},
		{"no verdict", func() (int, string) { return vote(t, rita, id, url.Values{}) }, http.StatusBadRequest, "verdict"},
		{"evidence not a link", func() (int, string) {
			return vote(t, rita, id, url.Values{"verdict": {"confirm"}, "evidence": {"javascript:alert(1)"}})
		}, http.StatusBadRequest, "evidence"},
		{"no version", func() (int, string) { return vote(t, rita, id, url.Values{"verdict": {"confirm"}, "version": {"x"}}) }, http.StatusBadRequest, "version"},
	}
	for _, c := range cases {
		code, body := c.send()
		if code != c.code || !strings.Contains(body, `class="message"`) || !strings.Contains(body, c.saying) {
			t.Errorf("%s: %d, want %d with a message naming %q\n%s", c.name, code, c.code, c.saying, body)
		}
	}
	if got := f.head(t); got != before {
		t.Errorf("the log moved from %d to %d on refused forms", before, got)
	}
	// The refused ingest form comes back filled in.
	if _, body := rita.ingest("", "Some body text of mine."); !strings.Contains(body, "Some body text of mine.") {
		t.Error("the refused ingest form lost what was typed")
	}
}

func TestReview_staleVersionSaysTheClaimMovedOnAndShowsItFresh(t *testing.T) {
	f := newFixture(t)
	rita := f.signedIn(t, f.reviewerCred)
	id := claimOfKind(t, f, rita, "money")
	page := rita.get("/claims/" + id)
	seen := versionOf(t, page)
	// Another reviewer votes while rita reads.
	if _, err := f.cmds.SubmitReview(context.Background(), app.Actor{ID: "raj", Role: "reviewer"},
		app.Mutation{RequestID: "raj-1", ClaimID: id}, claim.Vote{Verdict: claim.VerdictConfirm}); err != nil {
		t.Fatal(err)
	}
	before := f.head(t)
	code, body := rita.post("/claims/"+id+"/review", url.Values{"csrf": {csrfOf(t, page)}, "version": {seen}, "verdict": {"dispute"}, "reason": {"wrong_value"}})
	if code != http.StatusConflict || !strings.Contains(body, "moved on") {
		t.Fatalf("stale form: %d, want 409 saying the claim moved on\n%s", code, body)
	}
	now, err := f.qs.Claim(context.Background(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	if fresh := versionOf(t, body); fresh == seen || fresh != strconv.FormatUint(now.Version, 10) || !strings.Contains(body, "<strong>raj</strong>") {
		t.Errorf("the refusal shows version %s (read at %s), want the fresh %d with raj's vote", fresh, seen, now.Version)
	}
	if got := f.head(t); got != before {
		t.Errorf("the log moved from %d to %d on a stale form", before, got)
	}
}
