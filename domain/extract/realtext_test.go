package extract

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestExtract_realText(t *testing.T) {
	tests := []struct {
		name string
		a    Article
		want []string // kind: exact text, in order of appearance
	}{
		{"non-breaking spaces inside amounts",
			Article{Body: "The state set aside a\u00a02\u00a0trillion\u00a0yuan ($280\u00a0billion) package."},
			[]string{"money: 2\u00a0trillion\u00a0yuan ($280\u00a0billion) package"}},
		{"straight quotes work like curly ones",
			Article{Body: `"We are not selling the port to anyone," Ortega said.`},
			[]string{`quote: "We are not selling the port to anyone," Ortega said`}},
		{"a headline repeated at the top of the body is reported once",
			Article{Title: "Port Sale Collapses in 2025 Budget Row", Body: "Port Sale Collapses in 2025 Budget Row\n\nThe sale was cancelled."},
			[]string{"date: in 2025 Budget Row"}},
		{"a photo caption shown twice is reported once",
			Article{Body: "LIMA, PERU - MAY 2: Dockers march on May 2, 2025 in Lima, Peru.\nLIMA, PERU – MAY 2: Dockers march on May 2, 2025 in Lima, Peru. Jo Example | Example Images"},
			[]string{"date: on May 2, 2025"}},
		{"text cut off mid-word keeps the claims before the cut",
			Article{Body: "Prices rose 12% in March, and analysts expect a sharper ri"},
			[]string{"percentage: 12% in March"}},
		{"a quotation cut off before its closing mark is not a quote",
			Article{Body: "Ana Ruiz says the rule is needed. “Compliance will depend on how the future standards and guid"},
			[]string{"attribution: Ana Ruiz says the rule is needed"}},
		{"dates in capitals open captions and are not claims",
			Article{Body: "GENEVA - JUNE 4: Delegates arrive for talks."},
			nil},
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

// mixedInput repeats the project's own fixture texts, with noise between
// them, up to about n bytes.
func mixedInput(tb testing.TB, n int) string {
	tb.Helper()
	raw, err := os.ReadFile("testdata/mirror.txt")
	if err != nil {
		tb.Fatal(err)
	}
	parts := []string{string(raw),
		"Exports rose from $120 billion to $150 billion, an increase of $40 billion. Alpha holds 45% of the market, Beta 40% and Gamma 30%.\n",
		"“We will not stop,” Okafor said, “until every village has power.” The storm closed 14 schools on the coast over two decades.\n",
		"Delegates met at the Fifth Plenum of the 20th Central Committee (CC) on Monday, according to state media. Shares plummeted.\n",
		strings.Repeat("word ", 40) + "\n",
	}
	// Every round is numbered inside each sentence, so no sentence repeats
	// and the duplicate detector cannot skip the work.
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		round := fmt.Sprintf(" r%d.", i)
		p := strings.ReplaceAll(parts[i%len(parts)], ". ", round+" ")
		b.WriteString(strings.ReplaceAll(p, ".\n", round+"\n"))
	}
	return b.String()
}

func TestExtract_veryLongInput(t *testing.T) {
	body := mixedInput(t, 4<<20)
	start := time.Now()
	claims := mustExtract(t, Article{Title: "Long", Body: body})
	if len(claims) == 0 {
		t.Fatal("no claims in a long input")
	}
	t.Logf("%d bytes, %d claims, %v", len(body), len(claims), time.Since(start))
}

// pathological are inputs that defeat a careless rule: no spaces, one huge
// number, a run of quotation marks, and run-on "sentences" full of cues.
var pathological = []struct {
	name string
	unit string
}{
	{"nospace", "a"}, {"digits", "9"}, {"quotes", "“"}, {"thousands", "1,000 "},
	{"cues", "Exports exceeded 5 people and 3% compared to 2025 , "},
	{"moves", "Shares plummeted 5% from $3 to $4, a rise of 2%, said Li Wei, "},
}

func pathologicalBody(unit string, n int) string {
	return strings.Repeat(unit, max(1, n/len(unit)))
}

// TestExtract_pathologicalInputBoundedWork checks, without a clock, the two
// things that keep extraction linear on hostile input: no sentence grows
// past a fixed number of tokens (rules compare the claims of one sentence
// pairwise), and the memory allocated per input byte does not grow with the
// input. BenchmarkExtractPathological shows the time per byte.
func TestExtract_pathologicalInputBoundedWork(t *testing.T) {
	perByte := func(body string) float64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		mustExtract(t, Article{Body: body})
		runtime.ReadMemStats(&after)
		return float64(after.TotalAlloc-before.TotalAlloc) / float64(len(body))
	}
	for _, p := range pathological {
		small, large := pathologicalBody(p.unit, 64<<10), pathologicalBody(p.unit, 256<<10)
		for _, s := range splitSentences(tokenize(large, nil, map[string]string{}), nil) {
			if n := s.hi - s.lo; n > 2*maxSentence {
				t.Errorf("%s: a sentence of %d tokens, over the bound of %d", p.name, n, 2*maxSentence)
				break
			}
		}
		if a, b := perByte(small), perByte(large); b > 1.25*a+8 {
			t.Errorf("%s: %.1f bytes allocated per input byte at 64 KiB, %.1f at 256 KiB", p.name, a, b)
		}
	}
}

// BenchmarkExtractPathological reports ns per byte at two sizes of each
// input: every rule bounds its window, so the cost per byte stays flat as
// the input grows (compare the two sizes' ns/op divided by their bytes).
func BenchmarkExtractPathological(b *testing.B) {
	for _, p := range pathological {
		for _, n := range []int{64 << 10, 256 << 10} {
			body := pathologicalBody(p.unit, n)
			b.Run(fmt.Sprintf("%s/%dKiB", p.name, n>>10), func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					mustExtract(b, Article{Body: body})
				}
			})
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	body := mixedInput(b, 8<<20)
	a := Article{Title: "Benchmark", Body: body, Published: time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Extract(a); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzExtract(f *testing.F) {
	raw, err := os.ReadFile("testdata/mirror.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Title 2025", string(raw))
	f.Add("", "“A,” he said, “b.” $5bn (€4bn) 350 of the 300 delegates, up 20% from $10 billion.")
	f.Add("2025 Plan", "The 2024 plan. As of Sunday 3 weeks ago, 45% of the market, Beta 40% and Gamma 30%.")
	f.Add("x", "\u00a0$\u00a01\u00a0trillion europes ($ 2)")
	f.Fuzz(func(t *testing.T, title, body string) {
		a := Article{Title: title, Body: body}
		claims, err := Extract(a)
		if err != nil {
			return // invalid UTF-8 is an error, by contract
		}
		for _, c := range claims {
			text := body
			if c.Part == PartTitle {
				text = title
			}
			if c.Start < 0 || c.End > len(text) || c.Start >= c.End {
				t.Fatalf("span [%d,%d) outside text of %d bytes", c.Start, c.End, len(text))
			}
			if !runeStart(text, c.Start) || !runeStart(text, c.End) {
				t.Fatalf("span [%d,%d) not on rune boundaries", c.Start, c.End)
			}
			if text[c.Start:c.End] != c.Text {
				t.Fatalf("text %q differs from slice %q", c.Text, text[c.Start:c.End])
			}
		}
	})
}

func runeStart(s string, i int) bool {
	return i == len(s) || i < len(s) && (s[i]&0xC0) != 0x80
}
