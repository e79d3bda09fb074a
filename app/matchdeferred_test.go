package app_test

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/app/viewstest"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/match"
	"github.com/claimledger/claimledger/domain/reviewer"
	"github.com/claimledger/claimledger/events"
)

// An ingest while the projector is stopped is recorded at once, with its
// matching deferred rather than refused; the deferred matching refuses to
// run on views that lag, and once they caught up it records the
// suggestions on both claims exactly once, however many run it at once.
func TestMatch_deferredWhileTheViewsLag(t *testing.T) {
	f := newStoppedMatchFixture(t)
	f.cmds.MatchWait = 50 * time.Millisecond
	stop := f.project()
	a := f.ingest(t, "a", viewstest.MatchArticles[0])
	stimA := f.claimWith(t, a, "2 trillion")
	stop()
	// Something the stopped views have not seen, so they lag the head.
	mustAppendTo(t, f.store, events.AppendRequest{StreamID: "note-1",
		Events: []events.Proposed{{Type: "note.added", Payload: json.RawMessage(`{}`)}}})

	title, body, _ := strings.Cut(viewstest.MatchArticles[1], "\n")
	b, err := f.cmds.IngestArticle(t.Context(), app.Actor{ID: "ida", Role: reviewer.RoleReviewer},
		app.IngestArticle{RequestID: "b", Title: title, Body: []byte(body)})
	if err != nil || b.Position == 0 || len(b.ClaimIDs) == 0 {
		t.Fatalf("ingest while the views are stopped = %+v, %v; want it recorded", b, err)
	}
	deferred := eventsOf(t, f.store, match.TypeDeferred)
	if len(deferred) != 1 {
		t.Fatalf("%d %s events, want 1", len(deferred), match.TypeDeferred)
	}
	if n := len(eventsOf(t, f.store, claim.TypeMatchSuggested)); n != 0 {
		t.Fatalf("%d suggestions recorded without the views, want none", n)
	}
	headBefore := head(t, f.store)
	if ran, err := f.cmds.RunDeferredMatching(t.Context(), &deferred[0]); ran || !errors.Is(err, app.ErrNotCaughtUp) {
		t.Fatalf("deferred matching on stopped views = %v, %v; want ErrNotCaughtUp", ran, err)
	}
	if h := head(t, f.store); h != headBefore {
		t.Fatalf("a refused matching wrote: head %d -> %d", headBefore, h)
	}

	t.Cleanup(f.project())
	f.wait(t)
	const runners = 4
	var wg sync.WaitGroup
	ran := make([]bool, runners)
	for i := range runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if ran[i], err = f.cmds.RunDeferredMatching(t.Context(), &deferred[0]); err != nil {
				t.Errorf("deferred matching %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if n := count(ran); n != 1 {
		t.Fatalf("%d of %d runs recorded the matching, want exactly 1", n, runners)
	}
	if n := len(eventsOf(t, f.store, match.TypeRan)); n != 1 {
		t.Fatalf("%d %s events, want 1", n, match.TypeRan)
	}
	f.wait(t)
	stimB := f.claimWith(t, app.Ingested{ClaimIDs: b.ClaimIDs}, "¥2tn")
	if len(stimB.Matches) == 0 || string(stimB.Matches[0].OtherClaimID) != stimA.ID {
		t.Fatalf("new claim's matches = %+v; want a suggestion naming %s", stimB.Matches, stimA.ID)
	}
	if back := f.claimWith(t, a, "2 trillion"); len(back.Matches) == 0 || string(back.Matches[0].OtherClaimID) != stimB.ID {
		t.Fatalf("existing claim's matches = %+v; want a suggestion naming %s", back.Matches, stimB.ID)
	}
	h := head(t, f.store)
	if again, err := f.cmds.RunDeferredMatching(t.Context(), &deferred[0]); again || err != nil || head(t, f.store) != h {
		t.Fatalf("deferred matching delivered again = %v, %v, head %d -> %d; want nothing recorded", again, err, h, head(t, f.store))
	}
}

// eventsOf returns the log's events of one type.
func eventsOf(t *testing.T, s events.Store, typ string) []events.Envelope {
	t.Helper()
	var out []events.Envelope
	for after := uint64(0); ; {
		page, err := s.ReadAll(t.Context(), after, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			return out
		}
		for _, e := range page {
			if e.Type == typ {
				out = append(out, e)
			}
		}
		after = page[len(page)-1].Position
	}
}

func count(bs []bool) (n int) {
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// Claims a re-extraction adds are matched later, without the command
// waiting for the views: the re-extraction records a deferral with them,
// and running it suggests the match on both claims.
func TestMatch_reextractedClaimsAreMatchedLater(t *testing.T) {
	f := newMatchFixture(t)
	a := f.ingest(t, "a", viewstest.MatchArticles[0])
	stimA := f.claimWith(t, a, "2 trillion")
	current := f.cmds.Extractor
	f.cmds.Extractor = fixed(t, "finds-nothing")
	b := f.ingest(t, "b", viewstest.MatchArticles[1])
	if len(b.ClaimIDs) != 0 || len(eventsOf(t, f.store, match.TypeDeferred)) != 0 {
		t.Fatalf("ingest with an extractor that finds nothing: %d claims, %d deferrals", len(b.ClaimIDs), len(eventsOf(t, f.store, match.TypeDeferred)))
	}
	f.cmds.Extractor = current
	re, err := f.cmds.Reextract(t.Context(), app.Actor{ID: "ed", Role: reviewer.RoleEditor}, app.Reextract{RequestID: "re", ArticleIDs: []string{b.ArticleID}})
	if err != nil || len(re.Changes) == 0 {
		t.Fatalf("reextract = %+v, %v; want new claims", re, err)
	}
	deferred := eventsOf(t, f.store, match.TypeDeferred)
	if len(deferred) != 1 {
		t.Fatalf("%d deferrals after the re-extraction, want 1", len(deferred))
	}
	f.wait(t)
	if ran, err := f.cmds.RunDeferredMatching(t.Context(), &deferred[0]); !ran || err != nil {
		t.Fatalf("deferred matching = %v, %v; want it recorded", ran, err)
	}
	f.wait(t)
	var ids []string
	for _, ch := range re.Changes {
		ids = append(ids, ch.ClaimID)
	}
	stimB := f.claimWith(t, app.Ingested{ClaimIDs: ids}, "¥2tn")
	if len(stimB.Matches) == 0 || string(stimB.Matches[0].OtherClaimID) != stimA.ID {
		t.Fatalf("re-extracted claim's matches = %+v; want a suggestion naming %s", stimB.Matches, stimA.ID)
	}

	// A claim added by hand after that is deferred after the Ran: its own
	// deferral runs; the first, delivered again, records nothing.
	if _, err := f.cmds.AddClaim(t.Context(), app.Actor{ID: "ed", Role: reviewer.RoleEditor}, app.AddClaim{RequestID: "add",
		ArticleID: b.ArticleID, Kind: "attribution", Text: "Analysts said"}); err != nil {
		t.Fatal(err)
	}
	if deferred = eventsOf(t, f.store, match.TypeDeferred); len(deferred) != 2 {
		t.Fatalf("%d deferrals after a claim added by hand, want 2", len(deferred))
	}
	f.wait(t)
	if ran, err := f.cmds.RunDeferredMatching(t.Context(), &deferred[1]); !ran || err != nil {
		t.Fatalf("the added claim's deferred matching = %v, %v; want it recorded", ran, err)
	}
	if ran, err := f.cmds.RunDeferredMatching(t.Context(), &deferred[0]); ran || err != nil {
		t.Fatalf("the first deferral delivered again = %v, %v; want nothing recorded", ran, err)
	}
	if n := len(eventsOf(t, f.store, match.TypeRan)); n != 2 {
		t.Fatalf("%d %s events, want 2", n, match.TypeRan)
	}
}
