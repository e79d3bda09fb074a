package extract

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// numericKinds can take part in arithmetic.
func numeric(c cand) bool {
	switch c.kind {
	case KindMoney, KindPercentage, KindCount, KindQuantity:
		return !c.gone && c.value != nil && c.value.Number != nil
	}
	return false
}

// sameUnit also lets a bare count ("350 of the 300 delegates") take the
// unit of the count it is part of.
func sameUnit(a, b cand) bool {
	if a.kind == KindCount && b.kind == KindCount && (a.value.Unit == "" || b.value.Unit == "") {
		return true
	}
	return a.kind == b.kind && a.value.Unit == b.value.Unit
}

// sentenceNumbers lists the numeric claims of a sentence in text order.
func (d *doc) sentenceNumbers(si int) []*cand {
	out := d.numBuf[:0]
	defer func() { d.numBuf = out[:0] }()
	for _, k := range d.bySent[si] {
		if numeric(d.cands[k]) {
			out = append(out, &d.cands[k])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].lo < out[j].lo })
	return out
}

// between returns the lower-case text between two claims, words joined by
// single spaces, with commas kept as words.
func (d *doc) between(a, b *cand) string {
	if b.lo-a.hi > 8 {
		return "…"
	}
	return strings.TrimSpace(strings.ReplaceAll(spanLow(d.toks, a.hi, b.lo), " ,", ","))
}

func (d *doc) checkPartWhole(si int) {
	ns := d.sentenceNumbers(si)
	for i := 0; i+1 < len(ns); i++ {
		a, b := ns[i], ns[i+1]
		if !sameUnit(*a, *b) || a.kind == KindPercentage {
			continue
		}
		gap := d.between(a, b)
		part, whole := a, b
		switch {
		case b.kind == KindCount && slices.Contains(anaphoricWholes, b.value.Of):
			// "56,949,009 voters, while 48,537,695 of these voted"
			part, whole = b, a
		case hasLink(gap, partWholeLinks):
		case hasLink(gap, wholePartLinks):
			part, whole = b, a
		default:
			continue
		}
		p, w := *part.value.Number, *whole.value.Number
		if p > w {
			detail := fmt.Sprintf("part %s is larger than its whole %s", fmtNum(p), fmtNum(w))
			part.checks = append(part.checks, Check{"part_whole", Fail, detail})
			whole.checks = append(whole.checks, Check{"part_whole", Fail, detail})
		} else {
			part.checks = append(part.checks, Check{"part_whole", Pass, fmt.Sprintf("part %s of whole %s", fmtNum(p), fmtNum(w))})
			if i+2 < len(ns) && w != 0 {
				d.checkStatedShare(part, whole, ns[i+2])
			}
		}
	}
}

// checkStatedShare compares the percentage right after a part and its whole
// ("…, while 48,537,695 of these cast their votes, and the turnout rate was
// 84.4 percent") with the share the two give. Only a percentage within
// NearShare points of it is taken to state that share; one further off
// measures something else and is not compared.
func (d *doc) checkStatedShare(part, whole, c *cand) {
	if c.kind != KindPercentage || c.value.Unit != "percent" || c.value.Cue != "" {
		return
	}
	want := *part.value.Number / *whole.value.Number * 100
	stated := *c.value.Number
	diff := math.Abs(want - stated)
	if diff > NearShare {
		return
	}
	detail := fmt.Sprintf("%s of %s is %s%%; the text says %s%%", fmtNum(*part.value.Number), fmtNum(*whole.value.Number), fmtNum(round(want, 2)), fmtNum(stated))
	if diff <= d.roundingOf(c)+1e-9 {
		c.checks = append(c.checks, Check{"share_of_whole", Pass, detail})
		return
	}
	for _, x := range []*cand{part, whole, c} {
		x.checks = append(x.checks, Check{"share_of_whole", Fail, detail})
	}
}

// roundingOf is half a unit of the last digit the claim's number is written
// with: 0.05 for "84.4 percent", 0.5 for "85%".
func (d *doc) roundingOf(c *cand) float64 {
	for k := c.lo; k < c.hi; k++ {
		if t := d.toks[k]; t.kind == tNum {
			if dot := strings.IndexByte(t.text, '.'); dot >= 0 {
				return 0.5 * math.Pow(10, -float64(len(t.text)-dot-1))
			}
			return 0.5
		}
	}
	return 0.5
}

// hasLink reports whether the words between two amounts are, or end with, a
// link. Only a link that starts with a comma may follow other commas:
// "27.9 million mt in the first four months, of which 7.2 million mt".
func hasLink(gap string, links []string) bool {
	for _, l := range links {
		switch {
		case gap == l,
			strings.HasPrefix(l, ",") && strings.HasSuffix(gap, l),
			!strings.Contains(gap, ",") && strings.HasSuffix(gap, " "+l):
			return true
		}
	}
	return false
}

// checkShares adds up the shares of one whole given in one sentence.
func (d *doc) checkShares(si int) {
	var shares []*cand
	of := ""
	for _, c := range d.sentenceNumbers(si) {
		v := c.value
		if c.kind != KindPercentage || v.Unit != "percent" || v.Cue != "" || c.lo > 0 && d.toks[c.lo-1].is("from", "to") || *v.Number > 100 || v.Qualifier != "" && v.Qualifier != "about" && v.Qualifier != "around" && v.Qualifier != "roughly" {
			continue
		}
		if v.Of != "" {
			if of != "" && v.Of != of {
				continue
			}
			of = v.Of
		}
		shares = append(shares, c)
	}
	if len(shares) < 2 {
		return
	}
	sum := 0.0
	parts := make([]string, len(shares))
	for i, c := range shares {
		sum += *c.value.Number
		parts[i] = fmtNum(*c.value.Number) + "%"
	}
	res, detail := Pass, fmt.Sprintf("shares %s add up to %s%%", strings.Join(parts, " + "), fmtNum(round(sum, 3)))
	if sum > ShareLimit {
		res, detail = Fail, detail+", more than 100%"
	}
	for _, c := range shares {
		c.checks = append(c.checks, Check{"shares_total", res, detail})
	}
}

// checkArithmetic recomputes the sums the text states: "from A to B, an
// increase of C" (or "to B from A, …"), "A and B, a total of C", "A, up X%
// from B".
func (d *doc) checkArithmetic(si int) {
	ns := d.sentenceNumbers(si)
	for i := 0; i+1 < len(ns); i++ {
		a, b := ns[i], ns[i+1]
		gap := d.between(a, b)
		// "from A to B …, an increase of C" or "… (C%)"
		if gap == "to" && a.lo > 0 && d.toks[a.lo-1].low == "from" && sameUnit(*a, *b) && i+2 < len(ns) {
			c := ns[i+2]
			if g := d.between(b, c); changeLinked(g + " " + c.value.Subject) {
				x, y, z := *a.value.Number, *b.value.Number, *c.value.Number
				if c.kind == KindPercentage && c.value.Unit == "percent" && x != 0 {
					judge(c, math.Abs(y-x)/math.Abs(x)*100, z, fmt.Sprintf("from %s to %s is a change of", fmtNum(x), fmtNum(y)))
				} else if sameUnit(*a, *c) {
					judge(c, math.Abs(y-x), z, fmt.Sprintf("from %s to %s is a change of", fmtNum(x), fmtNum(y)))
				}
			}
		}
		// "to B from A …, an increase of C": the same sum written end first
		if gap == "from" && a.lo > 0 && d.toks[a.lo-1].low == "to" && sameUnit(*a, *b) && i+2 < len(ns) {
			c := ns[i+2]
			if g := d.between(b, c); changeLinked(g + " " + c.value.Subject) {
				x, y, z := *b.value.Number, *a.value.Number, *c.value.Number
				if c.kind == KindPercentage && c.value.Unit == "percent" && x != 0 {
					judge(c, math.Abs(y-x)/math.Abs(x)*100, z, fmt.Sprintf("from %s to %s is a change of", fmtNum(x), fmtNum(y)))
				} else if sameUnit(*a, *c) {
					judge(c, math.Abs(y-x), z, fmt.Sprintf("from %s to %s is a change of", fmtNum(x), fmtNum(y)))
				}
			}
		}
		// "A, up X% from B"
		if b.kind == KindPercentage && b.value.Cue == "change" && i+2 < len(ns) {
			c := ns[i+2]
			if sameUnit(*a, *c) && strings.HasSuffix(d.between(b, c), "from") && *c.value.Number != 0 {
				x, y := *a.value.Number, *c.value.Number
				judge(b, math.Abs(x-y)/math.Abs(y)*100, *b.value.Number, fmt.Sprintf("%s against %s is a change of", fmtNum(x), fmtNum(y)))
			}
		}
	}
	// "A and B, a total of C": the last amount after a total word sums the
	// amounts of its unit before it.
	for i := 2; i < len(ns); i++ {
		c := ns[i]
		if !totalBefore(d, c) {
			continue
		}
		sum, n := 0.0, 0
		var terms []string
		for _, p := range ns[max(0, i-maxTerms):i] {
			if sameUnit(*p, *c) {
				sum += *p.value.Number
				terms = append(terms, fmtNum(*p.value.Number))
				n++
			}
		}
		if n >= 2 {
			judge(c, sum, *c.value.Number, strings.Join(terms, " + ")+" is")
		}
	}
}

func changeLinked(gap string) bool {
	for _, w := range strings.Fields(gap) {
		if changeLinks[strings.Trim(w, ",")] {
			return true
		}
	}
	return false
}

func totalBefore(d *doc, c *cand) bool {
	s := d.sents[c.sent]
	if totalLinks[headWord(c.value.Subject)] {
		return true
	}
	for k := c.lo - 1; k >= s.lo && k >= c.lo-4; k-- {
		if totalLinks[d.toks[k].low] {
			return true
		}
	}
	return false
}

func judge(c *cand, want, stated float64, what string) {
	detail := fmt.Sprintf("%s %s; the text says %s", what, strconv.FormatFloat(round(want, 4), 'f', -1, 64), fmtNum(stated))
	if math.Abs(want-stated) <= ArithmeticTolerance*math.Max(math.Abs(want), math.Abs(stated)) {
		c.checks = append(c.checks, Check{"arithmetic", Pass, detail})
		return
	}
	c.checks = append(c.checks, Check{"arithmetic", Fail, detail})
}

// headWord is the first word of a subject: "total" in "total of".
func headWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}
