package extract

import (
	"strings"
	"testing"
)

// Each case is a short text written for the test and the result one named
// check must give on the claim containing `on`.
func TestChecks(t *testing.T) {
	tests := []struct {
		name   string
		title  string
		body   string
		kind   Kind
		on     string
		check  string
		result Result
	}{
		{"plausible yuan/dollar pair", "", "The plan includes a 2 trillion yuan ($280 billion) stimulus package.",
			KindMoney, "2 trillion yuan", "exchange_rate", Pass},
		{"euro amount that only fits yuan", "", "The fund will raise nearly 1 trillion euros ($138 billion) over ten years.",
			KindMoney, "1 trillion euros", "exchange_rate", Fail},
		{"misspelt currency is still checked", "", "The fund will raise nearly 1 trillion europes ($138 billion) from banks.",
			KindMoney, "1 trillion europes", "exchange_rate", Fail},
		{"euro/dollar pair in band", "", "Firms could be fined up to €35 million ($35.8 million) for breaches.",
			KindMoney, "€35 million", "exchange_rate", Pass},
		{"cross pair of two non-dollar currencies", "", "The bridge cost £400 million (€470 million) to build.",
			KindMoney, "£400 million", "exchange_rate", Pass},
		{"headline year conflicts with the body's year for the same plan", "Valdoria Unveils Rail Push in 2025 Transport Plan",
			"Valdoria’s 2024 transport plan adds two new lines.", KindDate, "2024", "headline_year", Fail},
		{"headline year agrees with the body", "Valdoria Unveils Rail Push in 2025 Transport Plan",
			"The 2025 transport budget adds two new lines.", KindDate, "2025", "headline_year", Pass},
		{"one subject, two amounts", "", "The council approved a $2 billion stadium deal in May. Critics say the $3 billion stadium deal is too costly.",
			KindMoney, "$3 billion", "same_subject", Fail},
		{"one subject, one amount repeated", "", "The council approved a $2 billion stadium deal in May. Critics say the $2 billion stadium deal is too costly.",
			KindMoney, "$2 billion", "same_subject", Pass},
		{"a subject named in full and in short is one subject", "", "The city approved a $2 billion stadium deal in May. Critics say the $3 billion stadium is too costly.",
			KindMoney, "$3 billion", "same_subject", Fail},
		{"two subjects sharing a word are two subjects", "", "The city set up a $2 billion tech fund. It later added a $3 billion green fund.",
			KindMoney, "$3 billion", "same_subject", ""},
		{"different phases are different subjects", "", "The first phase cost a $2 billion investment programme. The third phase is a $5 billion investment programme.",
			KindMoney, "$5 billion", "same_subject", ""},
		{"different owners are different subjects", "", "Alpha’s $2 billion fund opened in May. Beta’s $5 billion fund opened in June.",
			KindMoney, "$5 billion", "same_subject", ""},
		{"different years are different subjects", "", "The city set out a 2024 $2 billion budget. It later passed a 2025 $3 billion budget.",
			KindMoney, "$3 billion", "same_subject", ""},
		{"a measure read before of belongs to different things", "", "The first fund has a capital of $2 billion. The second fund has a capital of $3 billion.",
			KindMoney, "$3 billion", "same_subject", ""},
		{"part larger than its whole", "", "Officials said 350 of the 300 delegates voted for the motion.",
			KindCount, "350", "part_whole", Fail},
		{"part within its whole", "", "Officials said 250 of the 300 delegates voted for the motion.",
			KindCount, "250", "part_whole", Pass},
		{"whole then part with of which", "", "The agency has a $10 billion budget, of which $12 billion goes to roads.",
			KindMoney, "$12 billion", "part_whole", Fail},
		{"of which after a longer gap", "", "Exports totaled 27.9 million tonnes in the first four months, of which 30.2 million tonnes were shipped in April.",
			KindQuantity, "30.2 million tonnes", "part_whole", Fail},
		{"shares past 100 percent", "", "Alpha holds 45% of the market, Beta 40% and Gamma 30%.",
			KindPercentage, "45%", "shares_total", Fail},
		{"shares within 100 percent", "", "Alpha holds 45% of the market, Beta 30% and Gamma 20%.",
			KindPercentage, "20%", "shares_total", Pass},
		{"change that does not add up", "", "Exports rose from $120 billion to $150 billion, an increase of $40 billion.",
			KindMoney, "$40 billion", "arithmetic", Fail},
		{"percentage change that adds up", "", "Sales grew from 200 units to 260 units, a rise of 30%.",
			KindPercentage, "30%", "arithmetic", Pass},
		{"total that does not add up", "", "The two plants cost $3 billion and $4 billion, a total of $8 billion.",
			KindMoney, "$8 billion", "arithmetic", Fail},
		{"a stated share its part and whole contradict", "", "The number of registered voters was 5 200 000, while 4 420 000 of these voted, and turnout was 86.4 percent.",
			KindPercentage, "86.4 percent", "share_of_whole", Fail},
		{"a stated share its part and whole give, to its rounding", "", "The number of registered voters was 5 200 000, while 4 420 000 of these voted, and turnout was 85 percent.",
			KindPercentage, "85 percent", "share_of_whole", Pass},
		{"a percentage far from the share measures something else", "", "The number of registered voters was 5 200 000, while 4 420 000 of these voted, and 40 percent chose the incumbent.",
			KindPercentage, "40 percent", "share_of_whole", ""},
		{"a total a thousand times the sum of its parts", "", "The mills agreed to cut overall output by 2.5 billion tonnes a year. Northern mills will cut 1.5 million tonnes a year. Southern mills will cut 1 million tonnes.",
			KindQuantity, "1 million tonnes", "scale_slip", Fail},
		{"a total that is the sum of its parts is not a slip", "", "The mills agreed to cut overall output by 2.5 million tonnes a year. Northern mills will cut 1.5 million tonnes a year. Southern mills will cut 1 million tonnes.",
			KindQuantity, "1 million tonnes", "scale_slip", ""},
		{"a real/dollar pair from a year the real was strong", "", "Brazil froze 28 billion reais ($13.7 billion) in its 2013 budget.",
			KindMoney, "28 billion reais", "exchange_rate", Pass},
		{"up X% from B that adds up", "", "Revenue reached $12 billion, up 20% from $10 billion a year earlier.",
			KindPercentage, "20%", "arithmetic", Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims := mustExtract(t, Article{Title: tt.title, Body: tt.body})
			c, ok := findLast(claims, tt.kind, tt.on)
			if !ok {
				t.Fatalf("no %s claim with %q in %v", tt.kind, tt.on, kindsAndTexts(claims))
			}
			ch, ok := check(c, tt.check)
			if tt.result == "" {
				if ok {
					t.Errorf("%s should not compare %q: %+v", tt.check, c.Text, ch)
				}
				return
			}
			if !ok {
				t.Fatalf("claim %q has no %s check: %+v", c.Text, tt.check, c.Checks)
			}
			if ch.Result != tt.result {
				t.Errorf("%s on %q = %s (%s), want %s", tt.check, c.Text, ch.Result, ch.Detail, tt.result)
			}
			if ch.Detail == "" {
				t.Error("a check must explain itself")
			}
		})
	}
}

// The bands are data: every currency the extractor can name and that has a
// band must have a sane one.
func TestExchangeBands_areOrdered(t *testing.T) {
	for code, b := range ExchangeBands {
		if !(b.Lo > 0 && b.Lo <= b.Hi) {
			t.Errorf("%s band %v", code, b)
		}
	}
}

// findLast returns the last body claim of kind whose text contains sub: the
// checks under test report on the later of two mentions.
func findLast(claims []Claim, kind Kind, sub string) (Claim, bool) {
	var out Claim
	found := false
	for _, c := range claims {
		if c.Part == PartBody && c.Kind == kind && strings.Contains(c.Text, sub) {
			out, found = c, true
		}
	}
	return out, found
}
