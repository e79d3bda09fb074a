package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
)

var (
	queueRow   = regexp.MustCompile(`<tr class="claim-row( flagged)?" data-href="/claims/([^"]+)">`)
	waitingFor = regexp.MustCompile(`id="waiting-me">(\d+)</strong>`)
)

func TestQueue_flaggedFirstFiltersAndWhatWaitsForMe(t *testing.T) {
	f := newFixture(t)
	rita := f.signedIn(t, f.reviewerCred)
	id := claimOfKind(t, f, rita, "money")
	rows := queueRow.FindAllStringSubmatch(rita.get("/queue"), -1)
	if len(rows) < 3 {
		t.Fatalf("%d rows in the queue", len(rows))
	}
	flagged, unflaggedSeen := 0, false
	for _, r := range rows {
		switch {
		case r[1] == "":
			unflaggedSeen = true
		case unflaggedSeen:
			t.Errorf("flagged claim %s after an unflagged one", r[2])
		default:
			flagged++
		}
	}
	if flagged == 0 {
		t.Fatal("the test article's headline year against its body's is not flagged")
	}
	if only := queueRow.FindAllStringSubmatch(rita.get("/queue?flag=flagged"), -1); len(only) != flagged {
		t.Errorf("flag=flagged lists %d rows, want %d", len(only), flagged)
	}
	if kind := queueRow.FindAllStringSubmatch(rita.get("/queue?kind=money"), -1); len(kind) != 1 || kind[0][2] != id {
		t.Errorf("kind=money lists %v, want %s alone", kind, id)
	}
	if code, body := rita.do(http.MethodGet, "/queue?status=bogus", nil); code != http.StatusBadRequest || !strings.Contains(body, "status") {
		t.Errorf("status=bogus: %d", code)
	}
	before := waiting(t, rita.get("/queue"))
	if code, body := vote(t, rita, id, url.Values{"verdict": {"confirm"}}); code != http.StatusOK {
		t.Fatalf("vote: %d\n%s", code, body)
	}
	if after := waiting(t, rita.get("/queue")); after != before-1 {
		t.Errorf("after voting, %d claims wait for me, want %d", after, before-1)
	}
}

func waiting(t *testing.T, page string) int {
	t.Helper()
	m := waitingFor.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no count of what waits for me:\n%s", page)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// manyClaimsBody is a made-up report whose every sentence holds a count
// and a percentage: 2n claims, more than a page of the queue.
func manyClaimsBody(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Harbour district %c%c built %d new homes and cut its waiting list by %d%%. ", 'B'+i%20, 'K'+i/20, 1000+i, 10+i)
	}
	return b.String()
}

// waitingTruth counts, from every claim in the views, those extracted or
// under review that reviewer has not voted on.
func waitingTruth(t *testing.T, f *fixture, reviewer string) int {
	t.Helper()
	all, err := f.qs.Claims(t.Context(), app.ClaimFilter{}, "", 10_000, f.head(t))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range all {
		voted := slices.ContainsFunc(c.Votes, func(v claim.Vote) bool { return v.Reviewer == reviewer })
		if (c.Status == claim.StatusExtracted || c.Status == claim.StatusUnderReview) && !voted {
			n++
		}
	}
	return n
}

// TestQueue_whatWaitsForMeCountsTheWholeLedger: the count is of every claim
// waiting for review that the reader has not voted on, not of the page
// shown or its filter; another reviewer's vote leaves it, the reader's own
// vote takes one off and its retraction puts it back, and a contested
// claim waits for an editor, not for a vote.
func TestQueue_whatWaitsForMeCountsTheWholeLedger(t *testing.T) {
	f := newFixture(t)
	rita, raj, eddie := f.signedIn(t, f.reviewerCred), f.signedIn(t, f.reviewer2Cred), f.signedIn(t, f.editorCred)
	if code, body := rita.ingest("Harbour Council Housing Report", manyClaimsBody(40)); code != http.StatusOK {
		t.Fatalf("ingest: %d\n%s", code, body)
	}
	money := claimOfKind(t, f, rita, "money")
	pct := claimOfKind(t, f, raj, "percentage")
	total := waitingTruth(t, f, "rita")
	if total <= queuePage {
		t.Fatalf("%d claims wait: the test needs more than a page (%d)", total, queuePage)
	}
	check := func(b *browser, who, path string) {
		t.Helper()
		if got, want := waiting(t, b.get(path)), waitingTruth(t, f, who); got != want {
			t.Errorf("%s on %s: %d claims wait for me, want %d", who, path, got, want)
		}
	}
	check(rita, "rita", "/queue")
	check(rita, "rita", "/queue?kind=money&flag=clean")
	if rows := queueRow.FindAllStringSubmatch(rita.get("/queue"), -1); len(rows) != queuePage {
		t.Errorf("the first page shows %d rows, want %d", len(rows), queuePage)
	}

	// Raj's vote leaves money waiting for rita; hers takes it off.
	vote(t, raj, money, url.Values{"verdict": {"confirm"}})
	if got := waiting(t, rita.get("/queue")); got != total {
		t.Errorf("after raj's vote, %d wait for rita, want %d", got, total)
	}
	vote(t, rita, pct, url.Values{"verdict": {"confirm"}})
	if got := waiting(t, rita.get("/queue")); got != total-1 {
		t.Errorf("after rita's vote, %d wait for her, want %d", got, total-1)
	}
	page := rita.get("/claims/" + pct)
	if code, body := rita.post("/claims/"+pct+"/retract", url.Values{"csrf": {csrfOf(t, page)}, "version": {versionOf(t, page)}}); code != http.StatusOK {
		t.Fatalf("retract: %d\n%s", code, body)
	}
	if got := waiting(t, rita.get("/queue")); got != total {
		t.Errorf("after rita's retraction, %d wait for her, want %d", got, total)
	}

	// Contested: a confirm and a dispute on pct. Eddie has not voted on it,
	// and it no longer waits for his vote.
	vote(t, rita, pct, url.Values{"verdict": {"confirm"}})
	vote(t, raj, pct, url.Values{"verdict": {"dispute"}, "reason": {"wrong_value"}})
	if s := status(t, f, pct); s != claim.StatusContested {
		t.Fatalf("pct after a confirm and a dispute: %s", s)
	}
	check(eddie, "eddie", "/queue")
	if got := waiting(t, eddie.get("/queue")); got != total-1 {
		t.Errorf("with one claim contested, %d wait for eddie, want %d", got, total-1)
	}
	// A role that may not vote is shown no count.
	if page := f.signedIn(t, f.auditorCred).get("/queue"); waitingFor.MatchString(page) {
		t.Error("an auditor's queue shows a count of claims waiting for their vote")
	}
}
