package extract

import (
	"fmt"
	"testing"
)

// TestExtract_clauseShapes pins the event and comparison rules that read the
// shape of a clause rather than a list of verbs, on sentences written here.
// want is the kinds and texts of every claim, in order; nil means none.
func TestExtract_clauseShapes(t *testing.T) {
	tests := []struct {
		name, title, body string
		want              []string
	}{
		{"regular past with subject and object", "", "The harbour board rejected the dredging bid.",
			[]string{"event: The harbour board rejected the dredging bid"}},
		{"irregular past", "", "The council kept its fares unchanged.",
			[]string{"event: The council kept its fares unchanged"}},
		{"perfect with an adverb", "", "It has since kept the toll steady.",
			[]string{"event: It has since kept the toll steady"}},
		{"past passive", "", "Growth was fueled by new quays and a wider channel.",
			[]string{"event: Growth was fueled by new quays and a wider channel"}},
		{"negated past", "", "Officials did not freeze the dredging budget.",
			[]string{"event: Officials did not freeze the dredging budget"}},
		{"no subject after a conjunction", "", "The ferry firm wants a new berth, but has not yet chosen where.",
			nil},
		{"an -ed adjective after an article is no verb", "", "The revised plan is on the table.", nil},
		{"a speech verb is an attribution, not an event", "", "The mayor said the plan is sound.",
			[]string{"attribution: The mayor said the plan is sound"}},
		{"headline with a verb", "Harbour Board Approves Dredging Plan", "", []string{"event: Harbour Board Approves Dredging Plan"}},
		{"headline with no verb", "Harbour dredging plan update", "", nil},
		{"any comparative before than", "", "The climb in fares was steeper than the council's own estimate.",
			[]string{"comparison: The climb in fares was steeper than the council's own estimate"}},
		{"rather than is no comparison", "", "Riders chose the bus rather than the ferry.",
			[]string{"event: Riders chose the bus rather than the ferry"}},
		{"unchanged from an earlier figure", "", "The port expects slower trade this year, unchanged from its previous outlook.",
			[]string{"date: this year", "comparison: unchanged from its previous outlook"}},
		{"a comparison later in the clause wins over the verb", "", "The yard has built a ferry at a fraction of the cost of its rivals.",
			[]string{"comparison: The yard has built a ferry at a fraction of the cost of its rivals"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range mustExtract(t, Article{Title: tt.title, Body: tt.body}) {
				got = append(got, fmt.Sprintf("%s: %s", c.Kind, c.Text))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("claims\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
