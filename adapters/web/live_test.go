package web

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
)

func TestLive_streamsAnotherReviewersChange(t *testing.T) {
	f := newFixture(t)
	rita := f.signedIn(t, f.reviewerCred)
	id := claimOfKind(t, f, rita, "money")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL+"/live", nil)
	resp, err := rita.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || ct != "text/event-stream" {
		t.Fatalf("/live: %d %s", resp.StatusCode, ct)
	}
	rd := bufio.NewReader(resp.Body)
	if line, err := rd.ReadString('\n'); err != nil || !strings.HasPrefix(line, ": live") {
		t.Fatalf("first line %q, %v", line, err)
	}
	if _, err := f.cmds.SubmitReview(ctx, app.Actor{ID: "raj", Role: "reviewer"}, app.Mutation{RequestID: "raj-1", ClaimID: id},
		claim.Vote{Verdict: claim.VerdictConfirm}); err != nil {
		t.Fatal(err)
	}
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended before the change: %v", err)
		}
		if strings.HasPrefix(line, "data: ") && strings.Contains(line, `"stream":"claim-`+id+`"`) && strings.Contains(line, "review") {
			return
		}
	}
}

func TestLive_needsASession(t *testing.T) {
	f := newFixture(t)
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(f.srv.URL + "/live")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin") {
		t.Errorf("/live without a session: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestLive_endsWhenTheTokenIsRevoked(t *testing.T) {
	f := newFixture(t)
	f.web.livePing = 50 * time.Millisecond
	rita := f.signedIn(t, f.reviewerCred)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL+"/live", nil)
	resp, err := rita.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rd := bufio.NewReader(resp.Body)
	if line, err := rd.ReadString('\n'); err != nil || !strings.HasPrefix(line, ": live") {
		t.Fatalf("first line %q, %v", line, err)
	}
	tokenID, _, _ := app.SplitCredential(f.reviewerCred)
	if _, err := f.cmds.RevokeToken(ctx, app.System, "revoke-rita", "rita", tokenID, "laptop lost", nil); err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := rd.ReadString('\n'); err != nil {
			if ctx.Err() != nil {
				t.Fatal("the stream outlived its revoked token")
			}
			return // the server ended it
		}
	}
}
