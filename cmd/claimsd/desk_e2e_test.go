package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/claimledger/claimledger/adapters/export"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/reviewer"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// readmeArticle is the made-up article of the README's walkthrough: its
// headline and body, read from the README so the two never drift.
func readmeArticle(t *testing.T) (title, body string) {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "cat > tramway.txt <<'EOF'\n")
	text, _, ok2 := strings.Cut(rest, "\nEOF\n")
	if !ok || !ok2 {
		t.Fatal("the README's walkthrough no longer writes tramway.txt")
	}
	title, body, _ = strings.Cut(text, "\n")
	return title, body + "\n"
}

// claimctlExport is what claimctl export writes: the claims of ExportClaims,
// rendered as they arrive.
func claimctlExport(t *testing.T, ts *testServer, format string, o export.Options, req *pb.ExportClaimsRequest) []byte {
	t.Helper()
	r, err := export.New(format, o)
	if err != nil {
		t.Fatal(err)
	}
	stream, err := ts.ledger.ExportClaims(as(ts.admin), req)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Begin(&buf); err != nil {
		t.Fatal(err)
	}
	for {
		m, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("ExportClaims: %v", err)
		}
		if err := r.Write(m.GetClaim()); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.End(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBrowser_reviewDesk walks the desk in headless Chromium against a real
// claimsd: two reviewers and an editor sign in, the README's article is
// ingested, the money claim is confirmed to quorum, the ridership claim is
// contested and settled, a page open on a claim learns of another
// reviewer's vote live, an auditor reads its history, verifies the
// ledger and downloads the verified set as ClaimReview, and a revoked token's session ends.
func TestBrowser_reviewDesk(t *testing.T) {
	ts := startServer(t, t.TempDir(), "--quorum", "2")
	s := newBrowserSuite(t, "http://"+ts.srv.web.addr().String())
	ctx := context.Background()
	creds := map[string]string{}
	for name, role := range map[string]reviewer.Role{"rita": reviewer.RoleReviewer, "raj": reviewer.RoleReviewer,
		"eddie": reviewer.RoleEditor, "audrey": reviewer.RoleAuditor} {
		is, err := ts.srv.cmds.RegisterReviewer(ctx, app.System, "register-"+name, name, role)
		if err != nil {
			t.Fatal(err)
		}
		creds[name] = is.Credential
	}
	rita, raj, eddie := s.person("rita", creds["rita"]), s.person("raj", creds["raj"]), s.person("eddie", creds["eddie"])

	title, body := readmeArticle(t)
	var articleURL string
	rita.run("ingest",
		chromedp.Navigate(s.base+"/ingest"),
		chromedp.SendKeys(`input[name=title]`, title, chromedp.ByQuery),
		chromedp.SendKeys(`input[name=url]`, "https://riverton.example/news/tram", chromedp.ByQuery),
		chromedp.SendKeys(`input[name=published]`, "2026-03-10", chromedp.ByQuery),
		chromedp.SetValue(`textarea[name=body]`, body, chromedp.ByQuery),
		chromedp.Click(`form.ingest button`, chromedp.ByQuery),
		chromedp.WaitVisible(`article.article`, chromedp.ByQuery),
		chromedp.Location(&articleURL))
	rita.shot("article")
	if h := rita.text("article h1"); h != title {
		t.Errorf("article headline %q, want %q", h, title)
	}
	articleID := articleURL[strings.LastIndex(articleURL, "/")+1:]
	qs := app.NewQueries(ts.srv.views, ts.srv.store)
	claims, err := qs.Claims(ctx, app.ClaimFilter{ArticleID: articleID}, "", 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var budget, riders string
	for _, c := range claims {
		switch {
		case c.Kind == "money" && budget == "":
			budget = c.ID
		case c.Kind == "count" && strings.Contains(c.Text, "48,000 passengers"):
			riders = c.ID
		}
	}
	if budget == "" || riders == "" {
		t.Fatalf("no money or ridership claim among %d claims of %s", len(claims), articleID)
	}
	var highlighted int
	rita.run("count highlights", chromedp.Evaluate(`document.querySelectorAll("a.hl").length`, &highlighted))
	if highlighted < 3 {
		t.Errorf("%d claims highlighted in the article, want most of %d", highlighted, len(claims))
	}

	vote := func(p *person, id, verdict string, extra ...chromedp.Action) {
		t.Helper()
		actions := []chromedp.Action{chromedp.Navigate(s.base + "/claims/" + id),
			chromedp.Click(`#verdict-`+verdict, chromedp.ByQuery)}
		actions = append(actions, extra...)
		actions = append(actions, chromedp.Click(`#review-form button`, chromedp.ByQuery),
			chromedp.WaitVisible(`p.message`, chromedp.ByQuery))
		p.run(verdict+" "+id, actions...)
		if msg := p.text("p.message"); !strings.Contains(msg, "recorded") {
			t.Fatalf("%s's %s of %s: %q", p.name, verdict, id, msg)
		}
	}
	vote(rita, budget, "confirm", chromedp.SendKeys(`textarea[name=evidence]`, "https://riverton.example/budget-2026", chromedp.ByQuery))
	vote(raj, budget, "confirm")
	// Rita still has the budget claim open: raj's vote reaches her page live.
	rita.run("live update", chromedp.WaitVisible(`#live`, chromedp.ByQuery))
	if msg := rita.text("#live"); !strings.Contains(msg, "This claim changed") {
		t.Errorf("live notice on rita's page: %q", msg)
	}
	// ...and the claim as it is now, in place: confirmed, with raj's vote.
	rita.run("live status", chromedp.WaitVisible(`#claim-status.s-confirmed`, chromedp.ByQuery))
	if votes := rita.text("#claim-votes"); !strings.Contains(votes, "raj") {
		t.Errorf("rita's live page shows the votes %q, without raj's", votes)
	}
	raj.shot("budget-confirmed")
	if st := raj.text("#claim-status"); st != "confirmed" {
		t.Errorf("budget after two confirms: %s", st)
	}

	vote(rita, riders, "confirm")
	vote(raj, riders, "dispute",
		chromedp.SetValue(`#review-form select[name=reason]`, "wrong_value", chromedp.ByQuery),
		chromedp.SendKeys(`#review-form input[name=corrected]`, "42,000 passengers", chromedp.ByQuery))
	if st := raj.text("#claim-status"); st != "contested" {
		t.Fatalf("ridership after a confirm and a dispute: %s", st)
	}
	eddie.run("settle",
		chromedp.Navigate(s.base+"/claims/"+riders),
		chromedp.SetValue(`#settle-form select[name=verdict]`, "dispute", chromedp.ByQuery),
		chromedp.SendKeys(`#settle-form input[name=note]`, "the council's own study says 42,000", chromedp.ByQuery),
		chromedp.Click(`#settle-form button`, chromedp.ByQuery),
		chromedp.WaitVisible(`p.message`, chromedp.ByQuery))
	eddie.shot("ridership-settled")
	if st := eddie.text("#claim-status"); st != "disputed" {
		t.Errorf("ridership after settling as dispute: %s", st)
	}

	audrey := s.person("audrey", creds["audrey"])
	audrey.run("history",
		chromedp.Navigate(s.base+"/claims/"+riders+"/history"),
		chromedp.Click(`#verify`, chromedp.ByQuery),
		chromedp.WaitVisible(`#verify-result`, chromedp.ByQuery))
	audrey.shot("history")
	if v := audrey.text("#verify-result"); !strings.Contains(v, "hash chain intact") {
		t.Errorf("ledger verification: %q", v)
	}
	var rows int
	audrey.run("count events", chromedp.Evaluate(`document.querySelectorAll("table.history tbody tr").length`, &rows))
	if rows < 6 { // extracted, votes, status changes, settlement
		t.Errorf("%d events in the ridership claim's history", rows)
	}

	// The verified set, as ClaimReview: the budget claim alone, its review
	// on this desk, and the very bytes claimctl writes from ExportClaims.
	audrey.run("export page", chromedp.Navigate(s.base+"/export"), chromedp.WaitVisible(`form.export`, chromedp.ByQuery),
		chromedp.SetValue(`input[name=org]`, "Riverton Tram Watch", chromedp.ByQuery))
	audrey.shot("export")
	file := audrey.download("claimledger-confirmed.json", chromedp.Click(`#format-claimreview`, chromedp.ByQuery),
		chromedp.Click(`#download`, chromedp.ByQuery))
	var reviews []struct {
		URL          string `json:"url"`
		Author       struct{ Name string }
		ReviewRating struct{ AlternateName string }
		ItemReviewed struct {
			Appearance []struct{ URL string }
		}
	}
	if err := json.Unmarshal(file, &reviews); err != nil || len(reviews) != 1 {
		t.Fatalf("the ClaimReview download: %v, %d reviews\n%s", err, len(reviews), file)
	}
	if r := reviews[0]; r.URL != s.base+"/claims/"+budget || r.Author.Name != "Riverton Tram Watch" || r.ReviewRating.AlternateName != "True" ||
		len(r.ItemReviewed.Appearance) != 1 || r.ItemReviewed.Appearance[0].URL != "https://riverton.example/news/tram" {
		t.Errorf("the ClaimReview download: %+v", r)
	}
	if want := claimctlExport(t, ts, "claimreview", export.Options{Org: "Riverton Tram Watch", BaseURL: s.base},
		&pb.ExportClaimsRequest{Status: pb.ClaimStatus_CLAIM_STATUS_CONFIRMED}); !bytes.Equal(file, want) {
		t.Errorf("the desk's ClaimReview differs from claimctl's:\n%s\nclaimctl:\n%s", file, want)
	}

	// The queue's keys: j and k move, ? shows the help, c and d open the
	// current claim with that verdict chosen.
	var current int
	var firstCurrent, confirm, dispute bool
	var at string
	rita.run("keys", chromedp.Navigate(s.base+"/queue"), chromedp.WaitVisible(`table.claims`, chromedp.ByQuery),
		chromedp.KeyEvent("j"), chromedp.KeyEvent("j"), chromedp.KeyEvent("k"),
		chromedp.Evaluate(`document.querySelectorAll("tr.current").length`, &current),
		chromedp.Evaluate(`document.querySelector("tr.claim-row") === document.querySelector("tr.current")`, &firstCurrent),
		chromedp.KeyEvent("?"), chromedp.WaitVisible(`#help`, chromedp.ByQuery),
		chromedp.KeyEvent("?"), chromedp.WaitNotPresent(`#help`, chromedp.ByQuery),
		chromedp.KeyEvent("c"), chromedp.WaitVisible(`#review-form`, chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("verdict-confirm").checked`, &confirm), chromedp.Location(&at),
		chromedp.Navigate(s.base+"/queue"), chromedp.WaitVisible(`table.claims`, chromedp.ByQuery),
		chromedp.KeyEvent("j"), chromedp.KeyEvent("d"), chromedp.WaitVisible(`#review-form`, chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("verdict-dispute").checked`, &dispute))
	if current != 1 || !firstCurrent {
		t.Errorf("after j, j, k: %d rows current, the first among them %v; want the first alone", current, firstCurrent)
	}
	if !confirm || !strings.Contains(at, "/claims/") || !dispute {
		t.Errorf("c opened %s with confirm chosen %v; d chose dispute %v", at, confirm, dispute)
	}

	tokenID, _, _ := app.SplitCredential(creds["raj"])
	if _, err := ts.srv.cmds.RevokeToken(ctx, app.System, "revoke-raj", "raj", tokenID, "left the desk", nil); err != nil {
		t.Fatal(err)
	}
	raj.run("after revocation", chromedp.Navigate(s.base+"/queue"), chromedp.WaitVisible(`#token`, chromedp.ByQuery))
	raj.shot("revoked")
	if msg := raj.text("p.message"); !strings.Contains(msg, "revoked") {
		t.Errorf("a revoked token's session: %q", msg)
	}
}
