package extract

import "sort"

// changeWords before a percentage make it a change, not a share of a whole;
// only shares are summed by the shares check.
var changeWords = setOf("rose", "fell", "up", "down", "by", "grew", "increased", "decreased",
	"gained", "lost", "jumped", "dropped", "climbed", "declined", "slipped", "surged", "plunged",
	"rise", "fall", "growth", "increase", "decrease", "drop", "decline", "cut", "raised", "higher", "lower")

// percentAt reads "7%", "four percent", "3 per cent", "2 percentage points".
func percentAt(toks []token, i, hi int) (v float64, unit string, next int, ok bool) {
	v, n, scaled, isNum := numberAt(toks, i, hi)
	if !isNum || scaled || n >= hi {
		return 0, "", i, false
	}
	t := toks[n]
	switch {
	case t.low == "%":
		return v, "percent", n + 1, true
	case t.low == "percent" || t.low == "pct" || t.low == "pc" && !t.space:
		return v, "percent", n + 1, true
	case t.low == "per" && n+1 < hi && toks[n+1].low == "cent":
		return v, "percent", n + 2, true
	case t.low == "percentage" && n+1 < hi && toks[n+1].is("point", "points"):
		return v, "percentage point", n + 2, true
	}
	return 0, "", i, false
}

var ofBreak = setOf("and", "or", "in", "to", "for", "is", "are", "was", "were", "by", "from", "that",
	"which", "who", "on", "at", "with", "than", "as", "will", "has", "have", "had", "this", "last", "next")

func (d *doc) scanPercentages(si int) {
	s := d.sents[si]
	for i := s.lo; i < s.hi; i++ {
		if d.used[i] || d.toks[i].kind == tPunct || d.toks[i].kind == tWord && d.toks[i].class&cSpelled == 0 {
			continue
		}
		val, unit, next, ok := percentAt(d.toks, i, s.hi)
		if !ok || !d.free(i, next) {
			continue
		}
		v := &Value{Number: num(val), Unit: unit}
		lo, hi := i, next
		if q, qlo := qualifierBefore(d.toks, s.lo, lo); q != "" && d.free(qlo, lo) {
			v.Qualifier, lo = q, qlo
		}
		if hi+1 < s.hi && d.toks[hi].low == "of" {
			j := hi + 1
			for j < s.hi && j < hi+5 && d.toks[j].kind == tWord && !ofBreak[d.toks[j].low] && !d.used[j] {
				j++
			}
			if j > hi+1 {
				v.Of = lower(d.span(hi+1, j))
				hi = j
			}
		}
		c := cand{kind: KindPercentage, lo: lo, hi: hi, sent: si, value: v}
		if lo > s.lo && changeWords[d.toks[lo-1].low] || hi < s.hi && changeWords[d.toks[hi].low] {
			v.Cue = "change"
		}
		d.add(c)
		i = hi - 1
	}
}

// joinChanges makes "to 58% from 41%" and "from 15% to 20%" one claim about
// a change: the second percentage is where the change started or ended, not
// a separate fact. It runs after the checks, which read both values.
func (d *doc) joinChanges() {
	var ps []int
	for k, c := range d.cands {
		if !c.gone && c.kind == KindPercentage {
			ps = append(ps, k)
		}
	}
	sort.Slice(ps, func(a, b int) bool { return d.cands[ps[a]].lo < d.cands[ps[b]].lo })
	for n := 0; n+1 < len(ps); n++ {
		a, b := &d.cands[ps[n]], &d.cands[ps[n+1]]
		if a.sent != b.sent || b.lo != a.hi+1 || a.lo == 0 || a.value.Unit != b.value.Unit ||
			anyFail(a.checks) || anyFail(b.checks) {
			continue
		}
		before, link := d.toks[a.lo-1].low, d.toks[a.hi].low
		if a.value.Qualifier != "" || !(before == "to" && link == "from" || before == "from" && link == "to") {
			continue
		}
		from := b.value.Number
		if before == "from" {
			from = a.value.Number
			a.value.Number = b.value.Number
		}
		a.value.From = from
		a.hi = b.hi
		a.checks = append(a.checks, b.checks...)
		b.gone = true
		n++
	}
}

func anyFail(cs []Check) bool { return (Claim{Checks: cs}).Failed() }
