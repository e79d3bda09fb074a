package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	queueRow   = regexp.MustCompile(`<tr class="claim-row( flagged)?" data-href="/claims/([^"]+)">`)
	waitingFor = regexp.MustCompile(`<strong id="waiting-me">(\d+)</strong>`)
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
