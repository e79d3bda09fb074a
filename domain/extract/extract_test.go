package extract

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// find returns the first claim of kind whose text contains sub.
func find(claims []Claim, kind Kind, sub string) (Claim, bool) {
	for _, c := range claims {
		if c.Kind == kind && strings.Contains(c.Text, sub) {
			return c, true
		}
	}
	return Claim{}, false
}

func check(c Claim, name string) (Check, bool) {
	for _, ch := range c.Checks {
		if ch.Name == name {
			return ch, true
		}
	}
	return Check{}, false
}

func mustExtract(t testing.TB, a Article) []Claim {
	t.Helper()
	claims, err := Extract(a)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	assertSpans(t, a, claims)
	return claims
}

// assertSpans is the contract every claim keeps: its text is the slice of
// its part between its offsets.
func assertSpans(t testing.TB, a Article, claims []Claim) {
	t.Helper()
	for _, c := range claims {
		text := a.Body
		if c.Part == PartTitle {
			text = a.Title
		}
		if c.Start < 0 || c.End > len(text) || c.Start >= c.End || text[c.Start:c.End] != c.Text {
			t.Fatalf("claim %q [%d,%d) does not match its part", c.Text, c.Start, c.End)
		}
	}
}

func TestExtract_kinds(t *testing.T) {
	published := time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		body  string
		kind  Kind
		text  string // the claim's exact text
		check func(t *testing.T, c Claim)
	}{
		{"money with scale word and currency code", "The city will borrow RMB 5.89 trillion next year.", KindMoney, "RMB 5.89 trillion next year",
			func(t *testing.T, c Claim) { wantNum(t, c, 5.89e12, "CNY") }},
		{"currency code glued to the amount", "Beijing set aside RMB250 billion for the scheme.", KindMoney, "RMB250 billion",
			func(t *testing.T, c Claim) { wantNum(t, c, 250e9, "CNY") }},
		{"pc for percent", "Prices rose 5.2pc last month.", KindPercentage, "5.2pc",
			func(t *testing.T, c Claim) { wantNum(t, c, 5.2, "percent") }},
		{"money with glued scale", "The deal is worth $3.5bn to the firm.", KindMoney, "$3.5bn",
			func(t *testing.T, c Claim) { wantNum(t, c, 3.5e9, "USD") }},
		{"money with a hedge", "Firms face fines of up to €35 million under the rule.", KindMoney, "fines of up to €35 million",
			func(t *testing.T, c Claim) {
				if c.Value.Qualifier != "up to" || c.Value.Subject != "fines" {
					t.Errorf("qualifier %q subject %q", c.Value.Qualifier, c.Value.Subject)
				}
			}},
		{"percentage spelled out with its whole", "The deficit is about four percent of output.", KindPercentage, "about four percent of output",
			func(t *testing.T, c Claim) { wantNum(t, c, 4, "percent") }},
		{"count of things", "The storm closed 14 schools on the coast.", KindCount, "14 schools",
			func(t *testing.T, c Claim) { wantNum(t, c, 14, "schools") }},
		{"quantity with a unit", "The line will carry 2.5 million tonnes of ore.", KindQuantity, "2.5 million tonnes",
			func(t *testing.T, c Claim) { wantNum(t, c, 2.5e6, "tonnes") }},
		{"duration", "The bonds run over two decades from now.", KindDuration, "over two decades",
			func(t *testing.T, c Claim) {
				if c.Value.ISO8601 != "P20Y" {
					t.Errorf("iso %q", c.Value.ISO8601)
				}
			}},
		{"absolute date", "The law passed on January 28, 2025 in the capital.", KindDate, "on January 28, 2025",
			func(t *testing.T, c Claim) { wantDate(t, c, "2025-01-28") }},
		{"relative week resolved against publication", "New rules were unveiled this week by the agency.", KindDate, "this week",
			func(t *testing.T, c Claim) { wantDate(t, c, "2026-W10") }},
		{"last year", "Exports slowed sharply last year in the region.", KindDate, "last year",
			func(t *testing.T, c Claim) { wantDate(t, c, "2025") }},
		{"weekday resolved to the one before publication", "As of Sunday, the ban is in place.", KindDate, "As of Sunday",
			func(t *testing.T, c Claim) { wantDate(t, c, "2026-03-01") }},
		{"month without a year", "The model was released in January by the lab.", KindDate, "in January",
			func(t *testing.T, c Claim) { wantDate(t, c, "2026-01") }},
		{"ranking", "It is now the world’s largest battery maker by sales.", KindRanking, "world’s largest battery maker", nil},
		{"second-largest", "The port became the second-largest hub in Asia.", KindRanking, "the second-largest hub", nil},
		{"comparison", "The new chips are similar to those sold by rivals.", KindComparison, "The new chips are similar to those sold by rivals", nil},
		{"attribution with according to", "According to the central bank, inflation has peaked.", KindAttribution, "According to the central bank",
			nil},
		{"attribution with said after a name", "Ana Ruiz, head of policy at Acme, says the rule is overdue.", KindAttribution, "Ana Ruiz, head of policy at Acme, says the rule is overdue",
			func(t *testing.T, c Claim) { wantSource(t, c, "Ana Ruiz") }},
		{"attribution with pledged", "The Water Board (TWB) approved the budget, pledging to fix every leak.", KindAttribution, "pledging to fix every leak",
			func(t *testing.T, c Claim) { wantSource(t, c, "TWB") }},
		{"attribution as reported by", "The mine will close, as reported by Daily Ledger.", KindAttribution, "as reported by Daily Ledger",
			func(t *testing.T, c Claim) { wantSource(t, c, "Daily Ledger") }},
		{"quote with trailing speaker", "“We will keep the plant open for workers,” Okafor said.", KindQuote, "“We will keep the plant open for workers,” Okafor said",
			func(t *testing.T, c Claim) { wantSource(t, c, "Okafor") }},
		{"split quote is one claim", "“We will not stop,” Okafor said, “until every village has power.”", KindQuote, "“until every village has power.”",
			func(t *testing.T, c Claim) {
				if !strings.HasPrefix(c.Text, "“We will not stop") {
					t.Errorf("split quote not joined: %q", c.Text)
				}
			}},
		{"event", "Shares in the lender plummeted after the report.", KindEvent, "Shares in the lender plummeted after the report", nil},
		{"prediction", "Analysts say output is expected to rise next spring.", KindPrediction, "Analysts say output is expected to rise next spring", nil},
		{"identifier with ordinals", "Delegates met at the Fifth Plenum of the 20th Central Committee (CC) on Monday.", KindIdentifier, "Fifth Plenum of the 20th Central Committee (CC)", nil},
		{"identifier quoted name", "The “National Grid Renewal Fund” opens soon.", KindIdentifier, "The “National Grid Renewal Fund”", nil},
		{"identifier code", "The flaw, tracked as CVE-2024-3094, was patched.", KindIdentifier, "CVE-2024-3094", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims := mustExtract(t, Article{Body: tt.body, Published: published})
			c, ok := find(claims, tt.kind, tt.text)
			if !ok {
				t.Fatalf("no %s claim containing %q in %+v", tt.kind, tt.text, kindsAndTexts(claims))
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}

func wantNum(t *testing.T, c Claim, v float64, unit string) {
	t.Helper()
	if c.Value == nil || c.Value.Number == nil || *c.Value.Number != v || c.Value.Unit != unit {
		t.Errorf("value %+v, want %g %s", c.Value, v, unit)
	}
}

func wantDate(t *testing.T, c Claim, date string) {
	t.Helper()
	if c.Value == nil || c.Value.Date != date {
		t.Errorf("date %+v, want %s", c.Value, date)
	}
}

func wantSource(t *testing.T, c Claim, who string) {
	t.Helper()
	if c.Source != who {
		t.Errorf("source %q, want %q", c.Source, who)
	}
}

func kindsAndTexts(claims []Claim) []string {
	var out []string
	for _, c := range claims {
		out = append(out, string(c.Kind)+": "+c.Text)
	}
	return out
}

func TestExtract_invalidUTF8IsAnError(t *testing.T) {
	for _, a := range []Article{{Body: "bad \xff byte"}, {Title: "bad \xc3", Body: "ok"}} {
		if _, err := Extract(a); !errors.Is(err, ErrInvalidText) {
			t.Errorf("Extract(%q) error %v, want ErrInvalidText", a.Title+a.Body, err)
		}
	}
}

func TestExtract_textWithoutClaims(t *testing.T) {
	for _, body := range []string{"", "   \n\n  ", "Leave a comment below and share this page with friends.", "“", "$", "1", "In In In ,,, ..."} {
		claims := mustExtract(t, Article{Body: body})
		if len(claims) != 0 {
			t.Errorf("%q gave %v", body, kindsAndTexts(claims))
		}
	}
}

func TestExtract_isDeterministic(t *testing.T) {
	text, err := os.ReadFile("testdata/mirror.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := FromText(string(text), time.Time{})
	first := kindsAndTexts(mustExtract(t, a))
	for range 5 {
		if got := kindsAndTexts(mustExtract(t, a)); strings.Join(got, "\n") != strings.Join(first, "\n") {
			t.Fatal("two runs on the same article differ")
		}
	}
}

func TestExtract_periodsAndQuoteSources(t *testing.T) {
	published := time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		body, kind, text, want string
	}{
		{"Profits fell in the first quarter of 2025 at most lenders.", "date", "first quarter of 2025", "2025-Q1"},
		{"Output recovered in Q3 2024 after the floods.", "date", "Q3 2024", "2024-Q3"},
		{"Sales should pick up in the second half.", "date", "second half", "2025-H2"},
		{"“The port will reopen within days,” according to Mara Voss.", "quote", "according to Mara Voss", "Mara Voss"},
	}
	for _, tt := range tests {
		claims := mustExtract(t, Article{Body: tt.body, Published: published})
		c, ok := find(claims, Kind(tt.kind), tt.text)
		if !ok {
			t.Errorf("%q: no %s claim with %q in %v", tt.body, tt.kind, tt.text, kindsAndTexts(claims))
			continue
		}
		got := c.Source
		if c.Kind == KindDate {
			got = c.Value.Date
		}
		if got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.body, got, tt.want)
		}
	}
}
