package extract

// maxScopeGap bounds how far after an amount a date may stand and still say
// when the amount applies: "RMB 250 billion … for consumer goods in 2026".
const maxScopeGap = 15

var scopeBreaks = setOf(",", ";", ":", "(", ")", "\"", ".", "!", "?")

// absorbTimeScopes folds a date that follows an amount in the same clause
// into the amount, as its time scope. "four percent this year" is one claim
// about a percentage, not a percentage and a separate date.
func (d *doc) absorbTimeScopes() {
	d.indexBySentence()
	for si := range d.sents {
		ks := d.bySent[si]
		for _, k := range ks {
			c := &d.cands[k]
			if c.gone || c.kind != KindMoney && c.kind != KindPercentage {
				continue
			}
			best := -1
			for _, j := range ks {
				o := d.cands[j]
				if o.kind == KindDate && !o.gone && o.lo >= c.hi && o.lo-c.hi <= maxScopeGap && (best < 0 || o.lo < d.cands[best].lo) {
					best = j
				}
			}
			if best < 0 || !d.clearBetween(ks, c.hi, d.cands[best].lo) {
				continue
			}
			dt := &d.cands[best]
			c.hi = dt.hi
			c.value.TimeScope = dt.value.Date
			if c.value.TimeScope == "" {
				c.value.TimeScope = dt.value.Relative
			}
			dt.gone = true
		}
	}
}

// clearBetween reports whether tokens [lo, hi) hold no clause break and no
// other claim.
func (d *doc) clearBetween(ks []int, lo, hi int) bool {
	for i := lo; i < hi; i++ {
		if scopeBreaks[d.toks[i].low] {
			return false
		}
	}
	for _, k := range ks {
		c := d.cands[k]
		if !c.gone && c.lo < hi && c.hi > lo && (c.kind != KindAttribution && c.kind != KindEvent && c.kind != KindComparison && c.kind != KindPrediction) {
			return false
		}
	}
	return true
}
