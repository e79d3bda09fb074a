package extract

import (
	"strings"
	"testing"
)

// TestExtract_generalRules specifies rules added after scoring articles the
// rules had not been written on; each case is a sentence written for it.
func TestExtract_generalRules(t *testing.T) {
	tests := []struct {
		name string
		a    Article
		want []string
	}{
		{"a quote's tail may name its speaker by description",
			Article{Body: "“We will appeal the ruling,” a company spokesperson said."},
			[]string{"quote: “We will appeal the ruling,” a company spokesperson said"}},
		{"a quote's tail may put a role before the name",
			Article{Body: "“Ships will stop here first,” port authority president Ana Lima said after the vote."},
			[]string{"quote: “Ships will stop here first,” port authority president Ana Lima said"}},
		{"dates and rankings inside a quotation belong to the quote",
			Article{Body: "“Today the largest vessels sail past us,” Lima said."},
			[]string{"quote: “Today the largest vessels sail past us,” Lima said"}},
		{"a span of years is one date",
			Article{Body: "The fund ran from 2019 to 2024 and was audited between 2021 and 2023."},
			[]string{"date: from 2019 to 2024", "date: between 2021 and 2023"}},
		{"money in a title-case headline",
			Article{Title: "Port Approves 6.2 Billion Reais Expansion", Body: "The 7.4 billion reais expansion was approved."},
			[]string{"money: 6.2 Billion Reais Expansion", "money: 7.4 billion reais expansion"}},
		{"a reporting clause after the statement is the attribution",
			Article{Body: "About 300 households lack a connection, the ministry said."},
			[]string{"count: About 300 households", "attribution: the ministry said"}},
		{"irregular plurals are counted; hyphenated durations are durations",
			Article{Body: "The plant will employ 4,500 people after a two-year build."},
			[]string{"count: 4,500 people", "duration: two-year"}},
		{"rankings after a possessive determiner or with ranks",
			Article{Body: "It is its largest investment abroad. The country ranks fourth in the region."},
			[]string{"ranking: its largest investment abroad", "ranking: ranks fourth"}},
		{"a change between two percentages is one claim",
			Article{Body: "Coverage rose to 58% from 41%."},
			[]string{"percentage: 58% from 41%"}},
		{"expect NP to VERB is a prediction",
			Article{Body: "Lawyers expect the ruling to push providers inside the bloc."},
			[]string{"prediction: Lawyers expect the ruling to push providers inside the bloc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := kindsAndTexts(mustExtract(t, tt.a))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestChecks_sameSubjectFlagsEveryDisagreeingMention(t *testing.T) {
	claims := mustExtract(t, Article{Title: "Port Approves 6.2 Billion Reais Expansion",
		Body: "The board approved a 6.2 billion reais expansion. The 7.4 billion reais expansion is funded by a bank."})
	var failed []string
	for _, c := range claims {
		if c.Kind == KindMoney && c.Failed() {
			failed = append(failed, c.Text)
		}
	}
	if len(failed) != 3 {
		t.Errorf("failed money claims %q, want all three mentions", failed)
	}
}
