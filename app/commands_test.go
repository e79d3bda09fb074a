package app_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/adapters/memory"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/article"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
)

// testArticle is a made-up report: a currency pair, a share, a quote, and a
// headline year the body contradicts.
const testTitle = "Riverton Unveils 2026 Housing Fund"

const testBody = `Riverton's mayor announced a 90 billion yen ($600 million) housing fund on Monday, according to the city treasurer, Lena Oduya.
The city's 2025 housing plan reserves 30% of the fund for repairs.
"We expect the first homes to be finished within 18 months," Oduya said.
`

// faultyStore fails the appends its fail func picks, the way a crash
// between two appends of one command would leave them.
type faultyStore struct {
	app.Store
	fail func(events.AppendRequest) bool
}

// injected is the failure of an append the fail func picks.
func (f *faultyStore) injected(reqs ...events.AppendRequest) error {
	for _, req := range reqs {
		if f.fail != nil && f.fail(req) {
			return errors.New("injected failure")
		}
	}
	return nil
}

func (f *faultyStore) Append(ctx context.Context, req events.AppendRequest) (events.AppendResult, error) {
	if err := f.injected(req); err != nil {
		return events.AppendResult{}, err
	}
	return f.Store.Append(ctx, req)
}

// AppendAll fails as a whole when one of its appends is picked, as the
// store fails it as a whole when one of them cannot be recorded.
func (f *faultyStore) AppendAll(ctx context.Context, reqs []events.AppendRequest) ([]events.AppendResult, error) {
	if err := f.injected(reqs...); err != nil {
		return nil, err
	}
	return f.Store.AppendAll(ctx, reqs)
}

func mustAppendTo(t *testing.T, s events.Store, req events.AppendRequest) {
	t.Helper()
	if _, err := s.Append(context.Background(), req); err != nil {
		t.Fatalf("append to %s: %v", req.StreamID, err)
	}
}

// newStore is the in-memory store: app's tests need no database.
func newStore(t *testing.T) *memory.Store {
	t.Helper()
	s := memory.New()
	t.Cleanup(func() { s.Close() })
	return s
}

func newCommands(t *testing.T, s app.Store, quorum int) *app.Commands {
	t.Helper()
	c, err := app.NewCommands(s, app.NewRegistry(), claim.Policy{Quorum: quorum})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func head(t *testing.T, s events.Store) uint64 {
	t.Helper()
	h, _, err := s.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

var editor = app.Actor{ID: "edna", Role: reviewer.RoleEditor}

func ingest(t *testing.T, c *app.Commands) app.Ingested {
	t.Helper()
	in, err := c.IngestArticle(context.Background(), editor, app.IngestArticle{RequestID: "ingest", Title: testTitle, Body: []byte(testBody), Published: "2026-02-02"})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.ClaimIDs) < 3 {
		t.Fatalf("extracted %d claims, want at least 3", len(in.ClaimIDs))
	}
	return in
}

func TestCommands_IngestArticle_isIdempotentByContent(t *testing.T) {
	s := newStore(t)
	c := newCommands(t, s, 1)
	first := ingest(t, c)
	h := head(t, s)
	again, err := c.IngestArticle(context.Background(), editor, app.IngestArticle{RequestID: "other", Title: "Another headline", Body: []byte(testBody)})
	if err != nil {
		t.Fatal(err)
	}
	if !again.AlreadyIngested || again.ArticleID != first.ArticleID || strings.Join(again.ClaimIDs, ",") != strings.Join(first.ClaimIDs, ",") {
		t.Errorf("second ingest = %+v, want the first article %s, already ingested", again, first.ArticleID)
	}
	if head(t, s) != h {
		t.Errorf("second ingest wrote events: head %d -> %d", h, head(t, s))
	}
}

func TestCommands_IngestArticle_validatesEvenAKnownBody(t *testing.T) {
	s := newStore(t)
	c := newCommands(t, s, 1)
	ingest(t, c)
	h := head(t, s)
	_, err := c.IngestArticle(context.Background(), editor, app.IngestArticle{RequestID: "long", Title: strings.Repeat("t", 501), Body: []byte(testBody)})
	if !errors.Is(err, article.ErrInvalid) {
		t.Errorf("ingest of a known body with a 501-byte title = %v, want article.ErrInvalid", err)
	}
	if head(t, s) != h {
		t.Error("a refused ingest wrote events")
	}
}

// An ingest records its claims and its article as one append: when the
// append fails, nothing of the article is left behind.
func TestCommands_IngestArticle_failingWritesNothing(t *testing.T) {
	s := newStore(t)
	broken := &faultyStore{Store: s, fail: func(r events.AppendRequest) bool { return strings.HasPrefix(r.StreamID, "article-") }}
	before := head(t, s)
	if _, err := newCommands(t, broken, 1).IngestArticle(context.Background(), editor, app.IngestArticle{RequestID: "r1", Title: testTitle, Body: []byte(testBody)}); err == nil {
		t.Fatal("ingest with the article's append failing succeeded")
	}
	if got := head(t, s); got != before {
		t.Fatalf("a failed ingest wrote %d events", got-before)
	}
	in := ingest(t, newCommands(t, s, 1))
	if in.AlreadyIngested {
		t.Error("the retry found the article after the first attempt failed")
	}
	all, err := s.ReadAll(context.Background(), before, 0)
	if err != nil {
		t.Fatal(err)
	}
	streams := map[string]bool{}
	for _, e := range all {
		streams[e.StreamID] = true
	}
	if len(streams) != len(in.ClaimIDs)+1 || all[len(all)-1].Position != in.Position || !strings.HasPrefix(all[len(all)-1].StreamID, "article-") {
		t.Errorf("the retry recorded %d streams ending at position %d (%s); want %d claims then the article at %d",
			len(streams), all[len(all)-1].Position, all[len(all)-1].StreamID, len(in.ClaimIDs), in.Position)
	}
}

// An ingest an older version left half-done (some claims recorded, not
// the article) is completed: the missing claims and the article are
// recorded, the claims already there are kept as they are.
func TestCommands_IngestArticle_completesAHalfDoneIngest(t *testing.T) {
	scratch := newStore(t)
	whole := ingest(t, newCommands(t, scratch, 1))
	s := newStore(t)
	for _, id := range whole.ClaimIDs[:2] { // what the older version got to record
		evs, err := scratch.ReadStream(context.Background(), "claim-"+id, events.ReadStreamOptions{})
		if err != nil || len(evs) == 0 {
			t.Fatalf("read claim %s: %d events, %v", id, len(evs), err)
		}
		req := events.AppendRequest{StreamID: evs[0].StreamID, Expected: events.NoStream}
		for _, e := range evs {
			req.Events = append(req.Events, events.Proposed{Type: e.Type, SchemaVersion: e.SchemaVersion, Payload: e.Payload, Actor: e.Actor})
		}
		mustAppendTo(t, s, req)
	}
	halfDone := head(t, s)
	in := ingest(t, newCommands(t, s, 1))
	if in.AlreadyIngested || strings.Join(in.ClaimIDs, ",") != strings.Join(whole.ClaimIDs, ",") {
		t.Errorf("completing ingest = %+v, want every claim of %v, not already ingested", in, whole.ClaimIDs)
	}
	// Both stores started empty: completed, this one holds what a whole
	// ingest wrote, no claim twice.
	if got := head(t, s); got != whole.Position || got == halfDone {
		t.Errorf("completing left %d events (%d before it), want %d: the missing claims and the article", got, halfDone, whole.Position)
	}
	for _, id := range whole.ClaimIDs {
		if evs, err := s.ReadStream(context.Background(), "claim-"+id, events.ReadStreamOptions{}); err != nil || len(evs) == 0 {
			t.Errorf("claim %s: %d events after completing, %v", id, len(evs), err)
		}
	}
}

// Two ingests of one body racing: one records the article and its claims,
// the other finds it recorded.
func TestCommands_IngestArticle_raceRecordsOnce(t *testing.T) {
	s := newStore(t)
	before := head(t, s)
	results := make([]app.Ingested, 8)
	errs := make([]error, len(results))
	var wg sync.WaitGroup
	for i := range results {
		c := newCommands(t, s, 1) // separate handlers: no in-process lock between them
		wg.Go(func() {
			results[i], errs[i] = c.IngestArticle(context.Background(), editor, app.IngestArticle{RequestID: fmt.Sprint("race-", i), Title: testTitle, Body: []byte(testBody)})
		})
	}
	wg.Wait()
	fresh := 0
	for i, r := range results {
		if errs[i] != nil {
			t.Fatalf("ingest %d: %v", i, errs[i])
		}
		if !r.AlreadyIngested {
			fresh++
		}
	}
	if fresh != 1 {
		t.Errorf("%d ingests recorded the article, want 1", fresh)
	}
	if len(results[0].ClaimIDs) == 0 {
		t.Error("the race's answers name no claims")
	}
	all, err := s.ReadAll(context.Background(), before, 0)
	if err != nil {
		t.Fatal(err)
	}
	articles := 0
	for _, e := range all {
		if strings.HasPrefix(e.StreamID, "article-") {
			articles++
		}
	}
	if articles != 1 {
		t.Errorf("the log holds %d article events after the race, want 1", articles)
	}
}

func TestCommands_SubmitReview_retryWithRequestIDReturnsFirstResult(t *testing.T) {
	s := newStore(t)
	c := newCommands(t, s, 2)
	in := ingest(t, c)
	ana := app.Actor{ID: "ana", Role: reviewer.RoleReviewer}
	m := app.Mutation{RequestID: "vote-1", ClaimID: in.ClaimIDs[0]}
	vote := claim.Vote{Verdict: claim.VerdictDispute, Reason: claim.ReasonWrongValue, CorrectedValue: "80 billion yen"}
	first, err := c.SubmitReview(context.Background(), ana, m, vote)
	if err != nil {
		t.Fatal(err)
	}
	h := head(t, s)
	retry, err := c.SubmitReview(context.Background(), ana, m, vote)
	if err != nil {
		t.Fatalf("retry: %v (deciding again would say already voted)", err)
	}
	if !retry.Replayed || retry.Position != first.Position || retry.Version != first.Version {
		t.Errorf("retry = %+v, want the first result %+v replayed", retry, first)
	}
	if head(t, s) != h {
		t.Error("the retry wrote events")
	}
	// The same request id for another command is refused, not replayed.
	_, err = c.SubmitReview(context.Background(), ana, m, claim.Vote{Verdict: claim.VerdictConfirm})
	if !errors.Is(err, app.ErrRequestReused) {
		t.Errorf("request id reused for a confirm = %v, want ErrRequestReused", err)
	}
	// A new request by the same reviewer is a second vote: refused.
	_, err = c.SubmitReview(context.Background(), ana, app.Mutation{RequestID: "vote-2", ClaimID: in.ClaimIDs[0]}, vote)
	if !errors.Is(err, claim.ErrAlreadyVoted) {
		t.Errorf("second vote = %v, want ErrAlreadyVoted", err)
	}
	// Another reviewer may use the same request id: ids are per caller.
	if _, err := c.SubmitReview(context.Background(), app.Actor{ID: "ben", Role: reviewer.RoleReviewer}, m, vote); err != nil {
		t.Errorf("ben with ana's request id: %v", err)
	}
	// Two votes were recorded; the retry and the refused ones are not votes.
	want := map[claim.Verdict]uint64{claim.VerdictDispute: 2, claim.VerdictConfirm: 0, claim.VerdictUnverifiable: 0}
	if got := c.ReviewsRecorded(); !maps.Equal(got, want) {
		t.Errorf("ReviewsRecorded = %v, want %v", got, want)
	}
}

// TestCommands_SubmitReview_retryIsRecognisedWhereverItLands covers the
// retries a first attempt's success changes the answer for: one that
// carries the expected version the first attempt saw, one whose decision
// would now succeed (the vote was retracted in between), and one reaching a
// process that has never seen the stream (a restart).
func TestCommands_SubmitReview_retryIsRecognisedWhereverItLands(t *testing.T) {
	s := newStore(t)
	c := newCommands(t, s, 3)
	in := ingest(t, c)
	ctx := context.Background()
	ana := app.Actor{ID: "ana", Role: reviewer.RoleReviewer}
	vote := claim.Vote{Verdict: claim.VerdictConfirm}
	claimID := in.ClaimIDs[0]
	var ce *events.ConcurrencyError
	zero := uint64(0)
	if _, err := c.SubmitReview(ctx, ana, app.Mutation{ClaimID: claimID, ExpectedVersion: &zero}, vote); !errors.As(err, &ce) {
		t.Fatalf("vote at version 0 = %v, want a ConcurrencyError", err)
	}
	versionBefore := ce.Current

	m := app.Mutation{RequestID: "vote-1", ClaimID: claimID, ExpectedVersion: &versionBefore}
	first, err := c.SubmitReview(ctx, ana, m, vote)
	if err != nil {
		t.Fatal(err)
	}
	sameAsFirst := func(what string, got app.Written, err error) {
		t.Helper()
		if err != nil || !got.Replayed || got.Position != first.Position || got.Version != first.Version {
			t.Errorf("%s = %+v, %v; want the first result %+v replayed", what, got, err, first)
		}
	}
	h := head(t, s)
	retry, err := c.SubmitReview(ctx, ana, m, vote)
	sameAsFirst("retry with the first attempt's expected version", retry, err)

	fresh := newCommands(t, s, 3)
	retry, err = fresh.SubmitReview(ctx, ana, m, vote)
	sameAsFirst("retry in a process that never saw the claim", retry, err)
	if head(t, s) != h {
		t.Error("a retry wrote events")
	}

	if _, err := c.RetractReview(ctx, ana, app.Mutation{RequestID: "retract-1", ClaimID: claimID}, "clicked too soon"); err != nil {
		t.Fatal(err)
	}
	h = head(t, s)
	retry, err = c.SubmitReview(ctx, ana, app.Mutation{RequestID: "vote-1", ClaimID: claimID}, vote)
	sameAsFirst("retry after the vote was retracted", retry, err)
	if head(t, s) != h {
		t.Error("a retry after the retraction recorded a new vote")
	}
}

func TestCommands_SubmitReview_staleExpectedVersionIsAConcurrencyError(t *testing.T) {
	s := newStore(t)
	c := newCommands(t, s, 3)
	in := ingest(t, c)
	stale := uint64(0)
	_, err := c.SubmitReview(context.Background(), app.Actor{ID: "ana"}, app.Mutation{ClaimID: in.ClaimIDs[0], ExpectedVersion: &stale},
		claim.Vote{Verdict: claim.VerdictConfirm})
	var ce *events.ConcurrencyError
	if !errors.As(err, &ce) || ce.Current == 0 {
		t.Fatalf("SubmitReview at version 0 = %v, want a ConcurrencyError with the current version", err)
	}
	current := ce.Current
	if _, err := c.SubmitReview(context.Background(), app.Actor{ID: "ana"}, app.Mutation{ClaimID: in.ClaimIDs[0], ExpectedVersion: &current},
		claim.Vote{Verdict: claim.VerdictConfirm}); err != nil {
		t.Errorf("SubmitReview at the current version: %v", err)
	}
}

func TestCommands_SubmitReview_concurrentReviewersAllCount(t *testing.T) {
	s := newStore(t)
	c := newCommands(t, s, 100)
	in := ingest(t, c)
	const n = 30
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := c.SubmitReview(context.Background(), app.Actor{ID: fmt.Sprintf("r%02d", i)}, app.Mutation{RequestID: "v", ClaimID: in.ClaimIDs[1]},
				claim.Vote{Verdict: claim.VerdictConfirm})
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent vote: %v", err)
		}
	}
	history, err := app.NewQueries(nil, s).History(context.Background(), in.ClaimIDs[1])
	if err != nil {
		t.Fatal(err)
	}
	votes := map[string]int{}
	for _, e := range history {
		if e.Type == claim.TypeReviewSubmitted {
			votes[e.Actor]++
		}
	}
	if len(votes) != n {
		t.Errorf("%d reviewers have votes recorded, want %d", len(votes), n)
	}
	for who, k := range votes {
		if k != 1 {
			t.Errorf("%s has %d votes recorded", who, k)
		}
	}
}

func TestCommands_unknownClaimIsNotFound(t *testing.T) {
	c := newCommands(t, newStore(t), 1)
	_, err := c.Dismiss(context.Background(), editor, app.Mutation{ClaimID: "0123456789abcdef-01"}, "duplicate", "duplicate")
	if !errors.Is(err, app.ErrNotFound) {
		t.Errorf("Dismiss of a missing claim = %v, want ErrNotFound", err)
	}
}
