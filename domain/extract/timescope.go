package extract

// maxScopeGap bounds how far after an amount a date may stand and still say
// when the amount applies: "RMB 250 billion … for consumer goods in 2026".
const maxScopeGap = 15

var scopeBreaks = setOf(",", ";", ":", "(", ")", "\"", ".", "!", "?")

// absorbTimeScopes folds a date that follows an amount in the same clause
// into the amount, as its time scope. "four percent this year" is one claim
// about a percentage, not a percentage and a separate date.
func (d *doc) absorbTimeScopes() {
	for k := range d.cands {
		c := &d.cands[k]
		if c.gone || c.kind != KindMoney && c.kind != KindPercentage {
			continue
		}
		end := min(c.hi+maxScopeGap+1, d.sents[c.sent].hi)
		for j := c.hi; j < end; j++ {
			if scopeBreaks[d.toks[j].low] || d.inQuote[j] != d.inQuote[c.lo] {
				break
			}
			o := int(d.owner[j]) - 1
			if o < 0 || o == k {
				continue
			}
			dt := &d.cands[o]
			if dt.kind != KindDate || dt.gone || dt.lo != j {
				break // another claim stands between
			}
			c.hi = dt.hi
			c.value.TimeScope = dt.value.Date
			if c.value.TimeScope == "" {
				c.value.TimeScope = dt.value.Relative
			}
			dt.gone = true
			for t := dt.lo; t < dt.hi; t++ {
				d.owner[t] = int32(k + 1)
			}
			break
		}
	}
}
