package claim_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/domain/claim"
)

// Fixtures: claims are built the way the app builds them, by deciding and
// applying, so every fixture also exercises the transitions that lead to it.

var t0 = time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)

var (
	quorum1 = claim.DefaultPolicy()
	quorum2 = claim.Policy{Quorum: 2}
	quorum3 = claim.Policy{Quorum: 3}
)

func extractCmd() claim.ExtractCommand {
	text := "2 trillion yuan ($280 billion)"
	return claim.ExtractCommand{
		ClaimID: "c-1", ArticleID: "a-1", Kind: "money", Text: text, Part: "body",
		Start: 10, End: 10 + len(text), Sentence: "China unveiled a 2 trillion yuan ($280 billion) stimulus package.",
		Normalized:       map[string]any{"value": 2e12, "unit": "CNY"},
		Checks:           []claim.Check{{Name: "exchange_rate", Result: claim.CheckPass, Detail: "7.14 CNY per USD"}},
		ExtractorVersion: "2026.12.1",
	}
}

// vote is a valid vote by reviewer; a dispute gets a reason.
func vote(reviewer string, v claim.Verdict) claim.Vote {
	out := claim.Vote{Reviewer: reviewer, Verdict: v, At: t0, Evidence: []string{"https://example.org/source"}}
	if v == claim.VerdictDispute {
		out.Reason = claim.ReasonWrongValue
	}
	return out
}

type step func(*claim.Claim) ([]any, error)

func submit(p claim.Policy, v claim.Vote) step {
	return func(c *claim.Claim) ([]any, error) { return c.SubmitReview(v, p) }
}

func retract(p claim.Policy, reviewer string) step {
	return func(c *claim.Claim) ([]any, error) { return c.RetractReview(reviewer, "changed my mind", p) }
}

func reopen(c *claim.Claim) ([]any, error) { return c.Reopen("ed", "new evidence") }
func dismiss(c *claim.Claim) ([]any, error) {
	return c.Dismiss("ed", "an opinion, not a claim", claim.DismissNotAClaim)
}

func settle(v claim.Verdict) step {
	return func(c *claim.Claim) ([]any, error) { return c.Settle("ed", v, "") }
}

func link(other claim.ID) step {
	return func(c *claim.Claim) ([]any, error) { return c.Link(other, "alice", "") }
}

// given extracts claim c-1, runs steps on it and returns it. Along the way
// it checks the workflow's central promise: the claim rehydrated from the
// events (after a round trip through JSON, as the store does it) is the same
// as the claim the decisions were applied to.
func given(t *testing.T, steps ...step) *claim.Claim {
	t.Helper()
	history, err := claim.Extract(extractCmd())
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	c := mustRehydrate(t, history)
	for i, s := range steps {
		events, err := s(c)
		if err != nil {
			t.Fatalf("given step %d: %v", i+1, err)
		}
		mustApply(t, c, events)
		history = append(history, events...)
	}
	if again := mustRehydrate(t, roundTrip(t, history)); !reflect.DeepEqual(snapshot(again), snapshot(c)) {
		t.Fatalf("rehydrated claim differs:\n got %+v\nwant %+v", snapshot(again), snapshot(c))
	}
	return c
}

// in returns claim c-1 in status s, reached the shortest way.
func in(t *testing.T, s claim.Status) *claim.Claim {
	t.Helper()
	switch s {
	case claim.StatusExtracted:
		return given(t)
	case claim.StatusUnderReview:
		return given(t, submit(quorum2, vote("alice", claim.VerdictConfirm)))
	case claim.StatusConfirmed:
		return given(t, submit(quorum1, vote("alice", claim.VerdictConfirm)))
	case claim.StatusDisputed:
		return given(t, submit(quorum1, vote("alice", claim.VerdictDispute)))
	case claim.StatusUnverifiable:
		return given(t, submit(quorum1, vote("alice", claim.VerdictUnverifiable)))
	case claim.StatusContested:
		return given(t, submit(quorum2, vote("alice", claim.VerdictConfirm)), submit(quorum2, vote("bob", claim.VerdictDispute)))
	case claim.StatusDismissed:
		return given(t, dismiss)
	}
	t.Fatalf("no fixture for status %q", s)
	return nil
}

func mustApply(t *testing.T, c *claim.Claim, events []any) {
	t.Helper()
	for _, e := range events {
		if err := c.Apply(e); err != nil {
			t.Fatalf("apply %T: %v", e, err)
		}
	}
}

func mustRehydrate(t *testing.T, events []any) *claim.Claim {
	t.Helper()
	c, err := claim.FromHistory(events)
	if err != nil {
		t.Fatalf("FromHistory: %v", err)
	}
	return c
}

// roundTrip encodes every event and decodes it into a new pointer of the same
// type, which is what the event registry does.
func roundTrip(t *testing.T, events []any) []any {
	t.Helper()
	out := make([]any, len(events))
	for i, e := range events {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("encode %T: %v", e, err)
		}
		p := reflect.New(reflect.TypeOf(e))
		if err := json.Unmarshal(b, p.Interface()); err != nil {
			t.Fatalf("decode %T: %v", e, err)
		}
		out[i] = p.Interface()
	}
	return out
}

type state struct {
	ID                          claim.ID
	ArticleID, Kind, Text, Part string
	Start, End                  int
	Sentence, Speaker           string
	Normalized                  map[string]any
	Checks                      []claim.Check
	Flagged                     bool
	Status                      claim.Status
	Round, Version              int
	Votes                       []claim.Vote
	Links                       []claim.ID
	Origin                      claim.Origin
	Extractor, AddedBy          string
	Corrections                 int
	Reviewed                    bool
	DismissCode                 claim.DismissCode
}

func snapshot(c *claim.Claim) state {
	s := state{ID: c.ID(), ArticleID: c.ArticleID(), Kind: c.Kind(), Text: c.Text(), Part: c.Part(),
		Sentence: c.Sentence(), Speaker: c.Speaker(), Normalized: c.Normalized(), Checks: c.Checks(),
		Flagged: c.Flagged(), Status: c.Status(), Round: c.Round(), Version: c.Version(),
		Votes: c.Votes(), Links: c.Links(), Origin: c.Origin(), Extractor: c.ExtractorVersion(),
		AddedBy: c.AddedBy(), Corrections: c.Corrections(), Reviewed: c.Reviewed(), DismissCode: c.DismissCode()}
	s.Start, s.End = c.Span()
	return s
}

// wantFamily fails unless err is in family and in no other error family.
func wantFamily(t *testing.T, err, family error) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %v", family)
	}
	for _, f := range families {
		if got, want := errors.Is(err, f), f == family; got != want {
			t.Errorf("errors.Is(%q, %v) = %v, want %v", err, f, got, want)
		}
	}
}

var families = []error{claim.ErrInvalid, claim.ErrIllegalTransition, claim.ErrAlreadyVoted,
	claim.ErrNoVote, claim.ErrAlreadyLinked, claim.ErrHistory}

// statusChange returns the StatusChanged among events, if any.
func statusChange(events []any) (claim.StatusChanged, bool) {
	for _, e := range events {
		if sc, ok := e.(claim.StatusChanged); ok {
			return sc, true
		}
	}
	return claim.StatusChanged{}, false
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
