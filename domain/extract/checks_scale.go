package extract

import (
	"fmt"
	"math"
	"strings"
)

// checkScaleSlips finds a total whose parts, given elsewhere in the article,
// add up to it only at another scale: "an overall cut of 1.2 billion barrels
// per day" over cuts of 0.8 million and 400,000 barrels. A total a thousand
// times (or a thousandth of) the sum of two of its unit's other amounts is
// the classic million/billion slip; a total that merely differs from some
// sum is not judged, since an article's other amounts need not be its parts.
func (d *doc) checkScaleSlips() {
	var amounts []*cand
	for k := range d.cands {
		c := &d.cands[k]
		if !c.gone && (c.kind == KindQuantity || c.kind == KindMoney) && c.value != nil && c.value.Number != nil && *c.value.Number > 0 {
			amounts = append(amounts, c)
		}
	}
	if len(amounts) > maxScaleAmounts {
		amounts = amounts[:maxScaleAmounts]
	}
	for _, t := range amounts {
		if !d.markedTotal(t) {
			continue
		}
		d.slipOf(t, amounts)
	}
}

// slipOf looks for two amounts of t's unit whose sum, scaled by a thousand
// either way, is t.
func (d *doc) slipOf(t *cand, amounts []*cand) {
	fam, total := unitFamily(t), *t.value.Number
	for i, a := range amounts {
		if a == t || unitFamily(a) != fam {
			continue
		}
		for _, b := range amounts[i+1:] {
			if b == t || unitFamily(b) != fam {
				continue
			}
			sum := *a.value.Number + *b.value.Number
			for _, f := range []float64{1e3, 1e-3} {
				if math.Abs(total-sum*f) > ArithmeticTolerance*total {
					continue
				}
				detail := fmt.Sprintf("the total %q is %g times the sum of %q and %q (%s): a scale word is wrong",
					d.span(t.lo, t.hi), f, d.span(a.lo, a.hi), d.span(b.lo, b.hi), fmtNum(sum))
				for _, c := range []*cand{t, a, b} {
					c.checks = append(c.checks, Check{"scale_slip", Fail, detail})
				}
				return
			}
		}
	}
}

// markedTotal: a total word stands just before the amount, in its clause
// ("reduce overall production by 1.2 billion barrels", "a total of $3bn").
func (d *doc) markedTotal(c *cand) bool {
	lo := d.sents[c.sent].lo
	for k := c.lo - 1; k >= lo && k >= c.lo-5; k-- {
		t := d.toks[k]
		if t.kind == tPunct {
			return false
		}
		if totalLinks[t.low] || t.low == "overall" {
			return true
		}
	}
	return false
}

// unitFamily names what an amount counts, whatever the rate or spelling:
// "barrels per day", "bpd" and "barrels" are all barrels; money is its
// currency.
func unitFamily(c *cand) string {
	if c.kind == KindMoney {
		return "money " + c.value.Unit
	}
	u, _, _ := strings.Cut(c.value.Unit, " ")
	if f, ok := unitAbbreviations[u]; ok {
		return f
	}
	return strings.TrimSuffix(u, "s")
}

// unitAbbreviations spell out units written as a rate in one word.
var unitAbbreviations = map[string]string{"bpd": "barrel", "b/d": "barrel", "mtpa": "tonne"}
