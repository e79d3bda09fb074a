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
		{"numbers with spaces between their thousands; a part of the count before it",
			Article{Body: "The number of registered voters was 56 949 009, while 48 537 695 of these cast their votes."},
			[]string{"count: The number of registered voters was 56 949 009", "count: 48 537 695 of these"}},
		{"a passive speech verb with no agent names no source",
			Article{Body: "The harvest was reported to be poor across 14 provinces."},
			[]string{"count: 14 provinces"}},
		{"a quantity spans its rate",
			Article{Body: "The field pumps 500,000 barrels per day and 12,000 tonnes a year of gas."},
			[]string{"quantity: 500,000 barrels per day", "quantity: 12,000 tonnes a year"}},
		{"a reporting clause after the statement is the attribution",
			Article{Body: "About 300 households lack a connection, the ministry said."},
			[]string{"count: About 300 households", "attribution: the ministry said"}},
		{"an unnamed reporting clause that only says where it was said is not a claim",
			Article{Body: "About 300 households lack a connection, the ministry said in a statement."},
			[]string{"count: About 300 households"}},
		{"a speaker and the date right after the verb are one date",
			Article{Body: "Osprey Foods said on Tuesday it would close two bakeries."},
			[]string{"date: Osprey Foods said on Tuesday", "count: two bakeries"}},
		{"a ranking spans its scope; a ranking of a market move is not a claim",
			Article{Body: "It is the largest order in the group’s 40-year history. Shares posted their biggest one-day gain. It was the largest yard until the 1990s."},
			[]string{"ranking: the largest order in the group’s 40-year history", "ranking: the largest yard until the 1990s"}},
		{"a ranking spans the date it holds since",
			Article{Body: "Exports reached their highest level since 2019. It is the biggest harbour since the 1990s."},
			[]string{"ranking: their highest level since 2019", "ranking: the biggest harbour since the 1990s"}},
		{"counts, relative dates and durations in a report belong to the attribution",
			Article{Body: "Mayor Ana Ruiz said the scheme had added 14 new routes since March."},
			[]string{"attribution: Mayor Ana Ruiz said the scheme had added 14 new routes since March"}},
		{"an amount spans the period over which it is spent; a count its relative date",
			Article{Body: "It will spend £2 billion over ten years. The line carried 3.1 million passengers last year."},
			[]string{"money: £2 billion over ten years", "count: 3.1 million passengers last year"}},
		{"a speaker-first attribution ending at its verb gives its speaker to the amount after it",
			Article{Body: "Consumer groups warned the charge could raise bills by 8%."},
			[]string{"percentage: 8%"}},
		{"a superlative group is not a count",
			Article{Body: "The cuts hit its three largest yards."},
			nil},
		{"a comparison reported by an unnamed speaker is the comparison",
			Article{Body: "The bank said the loan carries a rate below that of commercial lenders."},
			[]string{"comparison: The bank said the loan carries a rate below that of commercial lenders"}},
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

func TestChecks_arithmeticEndFirst(t *testing.T) {
	claims := mustExtract(t, Article{Body: "Revenue rose to €600 million from €500 million, an increase of 30%."})
	var failed []string
	for _, c := range claims {
		if c.Failed() {
			failed = append(failed, c.Text)
		}
	}
	if len(failed) != 1 || !strings.Contains(failed[0], "30%") {
		t.Errorf("failed claims %q, want the 30%% increase (500 to 600 is 20%%)", failed)
	}
}
