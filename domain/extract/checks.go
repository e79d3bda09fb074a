package extract

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// localChecks attaches the checks that compare claims within one doc. They
// compare claims with each other and with the bands in rules.go; none
// consults anything outside the article.
func (d *doc) localChecks() {
	d.indexBySentence()
	for k := range d.cands {
		if c := &d.cands[k]; !c.gone && c.kind == KindMoney && c.value.Paired != nil {
			checkExchangeRate(c)
		}
	}
	for si := range d.sents {
		d.checkPartWhole(si)
		d.checkShares(si)
		d.checkArithmetic(si)
	}
	d.checkScaleSlips()
}

// crossChecks compares claims across the whole article, headline included.
func crossChecks(claims []Claim, heads map[int][]string, marks map[int]string) {
	checkHeadlineYear(claims, heads)
	checkSameSubject(claims, marks)
}

func checkExchangeRate(c *cand) {
	v := c.value
	a, b := v.Unit, v.Paired.Currency
	x, y := *v.Number, v.Paired.Value
	if y == 0 || x == 0 {
		return
	}
	if a == "USD" && b != "USD" {
		a, b, x, y = b, a, y, x
	}
	ba, okA := ExchangeBands[a]
	bb, okB := ExchangeBands[b]
	if !okA || !okB {
		c.checks = append(c.checks, Check{"exchange_rate", Warn, fmt.Sprintf("no plausible band for %s/%s in rules.go", a, b)})
		return
	}
	band := Band{ba.Lo / bb.Hi, ba.Hi / bb.Lo}
	rate := round(x/y, 6)
	v.Rate = &Rate{Pair: a + " per " + b, Value: rate, Band: [2]float64{round(band.Lo, 4), round(band.Hi, 4)}, Plausible: band.contains(rate)}
	if band.contains(rate) {
		c.checks = append(c.checks, Check{"exchange_rate", Pass, fmt.Sprintf("implied %g %s per %s lies in the plausible band %g–%g", rate, a, b, v.Rate.Band[0], v.Rate.Band[1])})
		return
	}
	c.checks = append(c.checks, Check{"exchange_rate", Fail, fmt.Sprintf("implied %g %s per %s lies outside the plausible band %g–%g: the currency, the scale word or one of the amounts is wrong", rate, a, b, v.Rate.Band[0], v.Rate.Band[1])})
}

// checkSameSubject flags one subject given two different amounts, such as
// "a $5 billion stadium deal" and later "the $8 billion stadium deal" in the
// same currency, time scope and hedge. Two subjects are the same when one's
// words open or close the other's: "stimulus" and "stimulus package",
// "programme" and "investment programme", but not "tech fund" and "green fund".
func checkSameSubject(cs []Claim, marks map[int]string) {
	seen := map[string][]int{}
	var earlier []int // reused: the earlier mentions of one claim's subject
	for i := range cs {
		c := &cs[i]
		if c.Kind != KindMoney || c.Value.Subject == "" {
			continue
		}
		v := c.Value
		scope := "|" + v.Unit + "|" + v.TimeScope + "|" + v.Qualifier
		words := strings.Fields(v.Subject)
		keys := [2]string{words[0] + scope, words[len(words)-1] + scope}
		// Every earlier amount for the subject is compared, so that with
		// three mentions the odd one out conflicts with both others.
		earlier = earlier[:0]
		for _, key := range keys {
			for _, k := range seen[key] {
				if !slices.Contains(earlier, k) && sameSubject(cs[k].Value.Subject, v.Subject) && sameMarks(marks[k], marks[i]) {
					earlier = append(earlier, k)
				}
			}
		}
		for _, key := range keys {
			if len(seen[key]) < maxSameSubject && !slices.Contains(seen[key], i) {
				seen[key] = append(seen[key], i)
			}
		}
		sort.Ints(earlier)
		agreed := false
		for _, j := range earlier {
			f := &cs[j]
			a, b := *f.Value.Number, *v.Number
			if math.Abs(a-b) <= SameValueTolerance*math.Max(math.Abs(a), math.Abs(b)) {
				if !agreed {
					c.Checks = append(c.Checks, Check{"same_subject", Pass, fmt.Sprintf("agrees with %q", f.Text)})
				}
				agreed = true
				continue
			}
			detail := fmt.Sprintf("%q gives %s %s for %q, but %q gives %s %s", c.Text, fmtNum(b), v.Unit, v.Subject, f.Text, fmtNum(a), f.Value.Unit)
			c.Checks = append(c.Checks, Check{"same_subject", Fail, detail})
			f.Checks = append(f.Checks, Check{"same_subject", Fail, detail})
		}
	}
}

// sameMarks: two mentions of a subject name one thing only when nothing
// before them tells them apart: another ordinal ("the first phase" / "the
// third phase"), year or owner ("Alpha's fund" / "Beta's fund"). A measure
// read before "of" ("a capital of …") belongs to whatever the sentence is
// about, so it is compared only when the same owner is named with it.
func sameMarks(a, b string) bool {
	if a == "" && b == "" {
		return true
	}
	ma, mb := markMap(a), markMap(b)
	if strings.HasPrefix(a, ofMark) || strings.HasPrefix(b, ofMark) {
		if ma["owner"] == "" || ma["owner"] != mb["owner"] {
			return false
		}
	}
	for k, v := range ma {
		if w, ok := mb[k]; ok && w != v {
			return false
		}
	}
	return true
}

// markMap reads "ordinal=third year=2024" into its kinds; of one kind, the
// mark nearest the amount counts.
func markMap(m string) map[string]string {
	out := map[string]string{}
	for _, f := range strings.Fields(strings.TrimPrefix(m, ofMark)) {
		if k, v, ok := strings.Cut(f, "="); ok && out[k] == "" {
			out[k] = v
		}
	}
	return out
}

func sameSubject(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || strings.HasPrefix(b, a+" ") || strings.HasSuffix(b, " "+a)
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
