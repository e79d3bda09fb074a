package main

import (
	"bytes"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// The test article is written for these tests: a yuan amount with its
// dollar pair, and a headline that puts the plan in 2025 over a body that
// calls it the 2024 blueprint.
const (
	railTitle     = "Beijing Bets on Rail in 2025 Economic Plan"
	railPublished = "2025-03-04"
	railURL       = "https://news.example.org/2025/03/04/rail-plan"
	railBody      = "BEIJING — Planners will spend 1.5 trillion yuan ($210 billion) on regional rail lines, according to China's 2024 economic blueprint released on Tuesday.\n" +
		"The transport ministry said the money would pay for 3,200 kilometres of new track over five years.\n" +
		"Officials expect freight volumes to rise 12 percent by the end of the decade.\n"
)

// syncBuffer collects the server's log lines from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// findClaim returns the claim with exactly text, failing the test if there
// is none.
func findClaim(t *testing.T, claims []*pb.Claim, text string) *pb.Claim {
	t.Helper()
	for _, c := range claims {
		if c.GetText() == text {
			return c
		}
	}
	var got []string
	for _, c := range claims {
		got = append(got, c.GetText())
	}
	t.Fatalf("no claim %q among %q", text, got)
	return nil
}

func hasCheck(c *pb.Claim, name string, result pb.CheckResult) bool {
	for _, ch := range c.GetChecks() {
		if ch.GetName() == name && ch.GetResult() == result {
			return true
		}
	}
	return false
}

// TestE2E_reviewWorkflow walks one article through the whole workflow on a
// real server, then restarts the server on the same files.
func TestE2E_reviewWorkflow(t *testing.T) {
	dir := t.TempDir()
	logs := &syncBuffer{}
	ts := startServerLog(t, dir, slog.New(slog.NewTextHandler(logs, nil)), "--quorum", "2")

	fi, err := os.Stat(ts.o.adminTokenFile)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("admin token file mode %v, want 0600", fi.Mode().Perm())
	}
	if strings.Contains(logs.String(), ts.admin) {
		t.Error("the admin credential appears in the logs")
	}
	if !strings.Contains(logs.String(), ts.o.adminTokenFile) {
		t.Errorf("the logs do not say where the admin token file is:\n%s", logs.String())
	}

	alice := ts.register("alice", pb.Role_ROLE_REVIEWER)
	bob := ts.register("bob", pb.Role_ROLE_REVIEWER)
	erin := ts.register("erin", pb.Role_ROLE_EDITOR)
	audra := ts.register("audra", pb.Role_ROLE_AUDITOR)

	// Ingest: the pair is one money claim, and the year conflict is flagged
	// on both the headline's year and the body's.
	ing, err := ts.articles.IngestArticle(as(alice), &pb.IngestArticleRequest{RequestId: "ingest-rail",
		Title: railTitle, Body: railBody, Url: railURL, Published: railPublished})
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	if ing.GetAlreadyIngested() || ing.GetArticle().GetClaimCount() != uint32(len(ing.GetClaims())) || len(ing.GetClaims()) < 5 {
		t.Fatalf("ingest: already %v, claim_count %d, %d claims", ing.GetAlreadyIngested(), ing.GetArticle().GetClaimCount(), len(ing.GetClaims()))
	}
	money := findClaim(t, ing.GetClaims(), "1.5 trillion yuan ($210 billion)")
	if money.GetKind() != pb.ClaimKind_CLAIM_KIND_MONEY || !hasCheck(money, "exchange_rate", pb.CheckResult_CHECK_RESULT_PASS) {
		t.Errorf("money claim: kind %v, checks %v", money.GetKind(), money.GetChecks())
	}
	bodyYear := findClaim(t, ing.GetClaims(), "2024 economic blueprint")
	titleYear := findClaim(t, ing.GetClaims(), "in 2025 Economic Plan")
	for _, c := range []*pb.Claim{bodyYear, titleYear} {
		if !c.GetFlagged() || !hasCheck(c, "headline_year", pb.CheckResult_CHECK_RESULT_FAIL) {
			t.Errorf("claim %q: flagged %v, checks %v; want a failed headline_year check", c.GetText(), c.GetFlagged(), c.GetChecks())
		}
	}
	if titleYear.GetPart() != pb.ClaimPart_CLAIM_PART_TITLE || bodyYear.GetPart() != pb.ClaimPart_CLAIM_PART_BODY {
		t.Errorf("parts: title claim %v, body claim %v", titleYear.GetPart(), bodyYear.GetPart())
	}
	again, err := ts.articles.IngestArticle(as(bob), &pb.IngestArticleRequest{RequestId: "ingest-rail-again",
		Title: railTitle, Body: railBody, Url: railURL, Published: railPublished})
	if err != nil || !again.GetAlreadyIngested() || again.GetArticle().GetId() != ing.GetArticle().GetId() {
		t.Errorf("ingest the same article again: %v, already %v", err, again.GetAlreadyIngested())
	}

	// Two reviewers agree: the quorum of 2 confirms the claim.
	vote := func(who, claimID string, verdict pb.Verdict, reason pb.DisputeReason) *pb.SubmitReviewResponse {
		t.Helper()
		res, err := ts.claims.SubmitReview(as(who), &pb.SubmitReviewRequest{RequestId: rid("vote"), ClaimId: claimID,
			Verdict: verdict, Reason: reason, EvidenceUrls: []string{"https://stats.example.gov/rail-2024"}, Note: "checked against the budget table"})
		if err != nil {
			t.Fatalf("vote %v on %s: %v", verdict, claimID, err)
		}
		return res
	}
	r := vote(alice, money.GetId(), pb.Verdict_VERDICT_CONFIRM, 0)
	if got := r.GetClaim().GetStatus(); got != pb.ClaimStatus_CLAIM_STATUS_UNDER_REVIEW {
		t.Errorf("after one confirm of two: %v, want UNDER_REVIEW", got)
	}
	r = vote(bob, money.GetId(), pb.Verdict_VERDICT_CONFIRM, 0)
	if got := r.GetClaim().GetStatus(); got != pb.ClaimStatus_CLAIM_STATUS_CONFIRMED {
		t.Errorf("after two confirms: %v, want CONFIRMED", got)
	}
	if tl := r.GetClaim().GetTallies(); tl.GetConfirm() != 2 || tl.GetDispute() != 0 || len(r.GetClaim().GetVotes()) != 2 {
		t.Errorf("confirmed claim: tallies %v, %d votes", tl, len(r.GetClaim().GetVotes()))
	}

	// A disagreement makes the body's year contested; an editor settles it.
	vote(alice, bodyYear.GetId(), pb.Verdict_VERDICT_CONFIRM, 0)
	r = vote(bob, bodyYear.GetId(), pb.Verdict_VERDICT_DISPUTE, pb.DisputeReason_DISPUTE_REASON_WRONG_DATE)
	if got := r.GetClaim().GetStatus(); got != pb.ClaimStatus_CLAIM_STATUS_CONTESTED {
		t.Fatalf("after a confirm and a dispute: %v, want CONTESTED", got)
	}
	_, err = ts.claims.SettleClaim(as(alice), &pb.SettleClaimRequest{RequestId: rid("settle"), ClaimId: bodyYear.GetId(), Verdict: pb.Verdict_VERDICT_DISPUTE})
	wantCode(t, "a reviewer settles", err, codes.PermissionDenied)
	st, err := ts.claims.SettleClaim(as(erin), &pb.SettleClaimRequest{RequestId: rid("settle"), ClaimId: bodyYear.GetId(),
		Verdict: pb.Verdict_VERDICT_DISPUTE, Note: "the blueprint was published in 2024; the headline's year is wrong"})
	if err != nil {
		t.Fatalf("settle: %v", err)
	}
	if got := st.GetClaim().GetStatus(); got != pb.ClaimStatus_CLAIM_STATUS_DISPUTED {
		t.Errorf("settled: %v, want DISPUTED", got)
	}

	// A reopen starts a new round with no live votes.
	ro, err := ts.claims.ReopenClaim(as(erin), &pb.ReopenClaimRequest{RequestId: rid("reopen"), ClaimId: money.GetId(), Reason: "new exchange-rate data"})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if c := ro.GetClaim(); c.GetStatus() != pb.ClaimStatus_CLAIM_STATUS_UNDER_REVIEW || len(c.GetVotes()) != 0 || !strings.Contains(c.GetStatusReason(), "new exchange-rate data") {
		t.Errorf("reopened: status %v, %d votes, reason %q", c.GetStatus(), len(c.GetVotes()), c.GetStatusReason())
	}
	vote(alice, money.GetId(), pb.Verdict_VERDICT_UNVERIFIABLE, 0)

	// The history has every event, each with its place in the chain.
	checkHistory(t, ts, audra, money.GetId(), []string{"claim.extracted", "review.submitted", "claim.status_changed",
		"review.submitted", "claim.status_changed", "claim.reopened", "claim.status_changed", "review.submitted"},
		[]string{"alice", "alice", "alice", "bob", "bob", "erin", "erin", "alice"})
	checkHistory(t, ts, audra, bodyYear.GetId(), nil, nil)
	_, err = ts.ledger.GetClaimHistory(as(alice), &pb.GetClaimHistoryRequest{ClaimId: money.GetId()})
	wantCode(t, "a reviewer reads a history", err, codes.PermissionDenied)
	checked := ts.verify()

	// Every call is logged with its request id.
	if !strings.Contains(logs.String(), "request_id=ingest-rail") {
		t.Errorf("no log line carries request_id=ingest-rail:\n%s", logs.String())
	}

	// Restart on the same files: the ledger, the views and the tokens are
	// still there, and the admin token file was left alone.
	tokenBefore, _ := os.ReadFile(ts.o.adminTokenFile)
	statBefore, _ := os.Stat(ts.o.adminTokenFile)
	before := snapshot(t, ts, alice, checked)
	ts.stop()

	ts2 := startServer(t, dir, "--quorum", "2")
	tokenAfter, _ := os.ReadFile(ts2.o.adminTokenFile)
	statAfter, _ := os.Stat(ts2.o.adminTokenFile)
	if !bytes.Equal(tokenBefore, tokenAfter) || !statBefore.ModTime().Equal(statAfter.ModTime()) {
		t.Error("the restart rewrote the admin token file")
	}
	if got := ts2.verify(); got != checked {
		t.Errorf("after restart the ledger has %d events, want %d", got, checked)
	}
	after := snapshot(t, ts2, alice, checked)
	if len(after) != len(before) {
		t.Fatalf("after restart %d claims, want %d", len(after), len(before))
	}
	for i := range before {
		if !proto.Equal(before[i], after[i]) {
			t.Errorf("claim %s changed across the restart:\nbefore %v\nafter  %v", before[i].GetId(), before[i], after[i])
		}
	}
	checkHistory(t, ts2, audra, money.GetId(), []string{"claim.extracted", "review.submitted", "claim.status_changed",
		"review.submitted", "claim.status_changed", "claim.reopened", "claim.status_changed", "review.submitted"}, nil)
	// The restarted server still takes writes from the old tokens.
	if _, err := ts2.claims.RetractReview(as(alice), &pb.RetractReviewRequest{RequestId: rid("retract"), ClaimId: money.GetId(), Reason: "rechecking"}); err != nil {
		t.Errorf("retract after restart: %v", err)
	}
}

// checkHistory reads a claim's history as an auditor: versions dense from
// 1, positions rising, every event with its type, actor and hashes. With
// types (and actors) it also checks the exact sequence.
func checkHistory(t *testing.T, ts *testServer, auditor, claimID string, types, actors []string) {
	t.Helper()
	h, err := ts.ledger.GetClaimHistory(as(auditor), &pb.GetClaimHistoryRequest{ClaimId: claimID})
	if err != nil {
		t.Fatalf("history of %s: %v", claimID, err)
	}
	var last uint64
	var gotTypes, gotActors []string
	for i, e := range h.GetEvents() {
		if e.GetVersion() != uint64(i+1) || e.GetPosition() <= last || e.GetStreamId() != "claim-"+claimID {
			t.Errorf("event %d: stream %s version %d position %d (previous %d)", i, e.GetStreamId(), e.GetVersion(), e.GetPosition(), last)
		}
		if e.GetType() == "" || e.GetActor() == "" || len(e.GetHash()) != 64 || len(e.GetPrevHash()) != 64 || e.GetEventId() == "" || e.GetPayloadJson() == "" {
			t.Errorf("event %d is missing a field: %v", i, e)
		}
		last = e.GetPosition()
		gotTypes = append(gotTypes, e.GetType())
		gotActors = append(gotActors, e.GetActor())
	}
	if types != nil {
		// extraction may record claim.flagged right after claim.extracted
		var filtered []string
		var filteredActors []string
		for i, ty := range gotTypes {
			if ty != "claim.flagged" {
				filtered = append(filtered, ty)
				filteredActors = append(filteredActors, gotActors[i])
			}
		}
		if strings.Join(filtered, " ") != strings.Join(types, " ") {
			t.Errorf("history of %s: types %q, want %q", claimID, gotTypes, types)
		}
		if actors != nil && strings.Join(filteredActors[1:], " ") != strings.Join(actors[1:], " ") {
			t.Errorf("history of %s: actors %q, want %q (after the extraction)", claimID, filteredActors, actors)
		}
	}
}

// snapshot reads every claim view, in order.
// snapshot lists every claim once the views include position minPosition:
// a mutation answers before the views have it, so a reader passes the
// position it wants to see (read-your-writes).
func snapshot(t *testing.T, ts *testServer, who string, minPosition uint64) []*pb.Claim {
	t.Helper()
	var all []*pb.Claim
	token := ""
	for {
		res, err := ts.claims.ListClaims(as(who), &pb.ListClaimsRequest{PageSize: 3, PageToken: token, MinPosition: minPosition})
		if err != nil {
			t.Fatalf("list claims: %v", err)
		}
		all = append(all, res.GetClaims()...)
		if token = res.GetNextPageToken(); token == "" {
			return all
		}
	}
}
