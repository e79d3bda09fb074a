package extract

import (
	"fmt"
	"strings"
)

var durationLead = setOf("for", "over", "within", "in", "after", "during", "nearly", "almost", "about", "around", "past", "last", "next")
var vagueCounts = map[string]float64{"many": 0, "several": 0, "few": 0}

// scanMeasures adds durations ("over two decades"), quantities with a unit
// ("5 million tonnes") and counts of things ("14 provinces").
func (d *doc) scanMeasures(si int) {
	s := d.sents[si]
	toks := d.toks
	for i := s.lo; i < s.hi; i++ {
		if !d.used[i] && toks[i].kind == tWord && strings.IndexByte(toks[i].low, '-') > 0 {
			// "a two-year investigation": one word, number and unit.
			n, u, ok := strings.Cut(toks[i].low, "-")
			// "one-day gain" describes the gain, not a span of time.
			if v := spelledNumbers[n]; ok && v >= 2 && timeUnits[u] != "" {
				unit := timeUnits[u]
				d.add(cand{kind: KindDuration, lo: i, hi: i + 1, sent: si,
					value: &Value{Number: num(v), Unit: unit, ISO8601: isoDuration(v, unit)}})
			}
			continue
		}
		if d.used[i] || toks[i].kind == tPunct || toks[i].kind == tWord && toks[i].class&(cSpelled|cVague) == 0 {
			continue
		}
		val, next, _, ok := numberAt(toks, i, s.hi)
		vague := false
		if !ok {
			if _, isVague := vagueCounts[toks[i].low]; !isVague {
				continue
			}
			next, vague = i+1, true
		}
		if next+1 < s.hi && toks[next].low == "-" && !toks[next].space && !toks[next+1].space &&
			timeUnits[toks[next+1].low] != "" && !vague && d.free(i, next+2) &&
			(toks[i].kind == tNum || spelledNumbers[toks[i].low] >= 1) {
			// "a two-year investigation", "a 30-day window": a duration
			// used as a modifier.
			u := timeUnits[toks[next+1].low]
			d.add(cand{kind: KindDuration, lo: i, hi: next + 2, sent: si,
				value: &Value{Number: num(val), Unit: u, ISO8601: isoDuration(val, u)}})
			i = next + 1
			continue
		}
		if next >= s.hi || !d.free(i, next) || toks[next].kind != tWord {
			if lo, unit := d.numberOf(s, i); lo >= 0 && !vague && d.free(lo, next) {
				// "the number of registered voters was 56,949,009"
				d.add(cand{kind: KindCount, lo: lo, hi: next, sent: si, value: &Value{Number: num(val), Unit: unit}})
				i = next - 1
			}
			continue
		}
		if toks[i].kind == tNum && !toks[next].space {
			continue // "5G", "14th": part of a name or an ordinal
		}
		if i > s.lo && toks[i-1].kind == tPunct && currencySymbols[toks[i-1].low] != "" {
			continue
		}
		u := toks[next]
		switch {
		case timeUnits[u.low] != "":
			if next+1 < s.hi && toks[next+1].is("ago", "old") {
				continue
			}
			if toks[i].kind == tWord && !vague && spelledNumbers[toks[i].low] < 1 {
				continue
			}
			lo, q := d.hedge(s, i)
			if q == "" && lo > s.lo && durationLead[toks[lo-1].low] && !d.used[lo-1] {
				lo--
			}
			v := &Value{Unit: timeUnits[u.low], Qualifier: q}
			if !vague {
				v.Number = num(val)
				v.ISO8601 = isoDuration(val, v.Unit)
			} else if v.Qualifier == "" {
				v.Qualifier = toks[i].low
			}
			d.add(cand{kind: KindDuration, lo: lo, hi: next + 1, sent: si, value: v})
			i = next
		case vague:
			continue
		case measureUnits[u.low] && (u.text == u.low || len(u.text) <= 3):
			hi := next + 1
			if u.is("square", "sq", "cubic") && hi < s.hi && measureUnits[toks[hi].low] {
				hi++
			}
			// a rate: "barrels per day", "tonnes a year", "litres daily"
			if hi+1 < s.hi && toks[hi].is("per", "a", "an") && timeUnits[toks[hi+1].low] != "" && !d.used[hi+1] {
				hi += 2
			} else if hi < s.hi && toks[hi].is("daily", "annually", "yearly", "monthly", "weekly") {
				hi++
			}
			lo, q := d.hedge(s, i)
			d.add(cand{kind: KindQuantity, lo: lo, hi: hi, sent: si, value: &Value{Number: num(val), Unit: lower(d.span(next, hi)), Qualifier: q}})
			i = hi - 1
		default:
			if toks[i].kind == tWord && spelledNumbers[toks[i].low] < 2 {
				continue
			}
			if _, isYr := isYear(toks[i]); isYr {
				continue
			}
			if toks[i].kind == tNum && next+1 < s.hi && toks[next].is("of") && toks[next+1].is(anaphoricWholes...) {
				// "48,537,695 of these": a part of the count before it.
				d.add(cand{kind: KindCount, lo: i, hi: next + 2, sent: si, value: &Value{Number: num(val), Of: toks[next+1].low}})
				i = next + 1
				continue
			}
			if d.partOfCount(s, next) {
				// "350 of the 300 delegates": a count whose noun comes later.
				d.add(cand{kind: KindCount, lo: i, hi: next, sent: si, value: &Value{Number: num(val)}})
				i = next - 1
				continue
			}
			hi := next
			if !pluralNoun(u) {
				if next+1 < s.hi && u.text == u.low && !stopwords[u.low] && pluralNoun(toks[next+1]) {
					hi++
				} else {
					continue
				}
			}
			hi++
			lo, q := d.hedge(s, i)
			d.add(cand{kind: KindCount, lo: lo, hi: hi, sent: si, value: &Value{Number: num(val), Unit: toks[hi-1].low, Qualifier: q}})
			i = hi - 1
		}
	}
}

// irregularPlurals are plural nouns of things counted in news that do not
// end in -s.
var irregularPlurals = setOf("people", "children", "men", "women", "staff", "personnel", "cattle", "sheep", "livestock", "aircraft")

func pluralNoun(t token) bool {
	if t.kind == tWord && t.text == t.low && irregularPlurals[t.low] {
		return true
	}
	return t.kind == tWord && t.text == t.low && len(t.low) > 3 && strings.HasSuffix(t.low, "s") && t.low != "times" &&
		!strings.HasSuffix(t.low, "ss") && !stopwords[t.low] && currencyWords[t.low] == "" && timeUnits[t.low] == "" &&
		!speechVerbs[t.low] && !changeWords[t.low]
}

func isoDuration(v float64, unit string) string {
	switch unit {
	case "decade":
		return fmt.Sprintf("P%gY", v*10)
	case "century":
		return fmt.Sprintf("P%gY", v*100)
	case "year":
		return fmt.Sprintf("P%gY", v)
	case "quarter":
		return fmt.Sprintf("P%gM", v*3)
	case "month":
		return fmt.Sprintf("P%gM", v)
	case "week":
		return fmt.Sprintf("P%gW", v)
	case "day":
		return fmt.Sprintf("P%gD", v)
	case "hour":
		return fmt.Sprintf("PT%gH", v)
	case "minute":
		return fmt.Sprintf("PT%gM", v)
	}
	return fmt.Sprintf("PT%gS", v)
}

// partOfCount reports whether "of the 300 …" or "out of 5 …" follows.
func (d *doc) partOfCount(s sentence, j int) bool {
	toks := d.toks
	if j+2 >= s.hi {
		return false
	}
	k := j
	switch {
	case toks[k].low == "out" && toks[k+1].low == "of":
		k += 2
	case toks[k].low == "of" && toks[k+1].is("the", "its", "their", "all"):
		k += 2
	default:
		return false
	}
	if k < s.hi && toks[k].kind == tNum {
		_, n, _, ok := numberAt(toks, k, s.hi)
		return ok && n < s.hi && (pluralNoun(toks[n]) || n+1 < s.hi && pluralNoun(toks[n+1]))
	}
	return false
}

// anaphoricWholes point back to the count a part is taken from: "48,537,695
// of these cast their votes".
var anaphoricWholes = []string{"these", "them", "those", "whom", "which"}

// numberOf finds "the number of <things> … <verb>" before a number that has
// no noun of its own: "The number of registered voters was reported to be
// 56 949 009". It returns where the count starts and the things counted, or
// -1 when the clause holds no such phrase or another number comes between.
func (d *doc) numberOf(s sentence, i int) (int, string) {
	toks := d.toks
	if toks[i].kind != tNum {
		return -1, ""
	}
	for k := i - 1; k > s.lo && k >= i-maxClause; k-- {
		t := toks[k]
		if t.kind == tNum || d.used[k] || t.is(",", ";", ":") {
			return -1, ""
		}
		if t.is("number") && k+2 < i && toks[k+1].is("of") {
			lo := k
			for lo > s.lo && toks[lo-1].is("the", "total", "overall") {
				lo--
			}
			unit := ""
			for j := k + 2; j < i && toks[j].kind == tWord && !stopwords[toks[j].low]; j++ {
				if pluralNoun(toks[j]) {
					unit = toks[j].low
				}
			}
			if unit == "" {
				return -1, ""
			}
			return lo, unit
		}
	}
	return -1, ""
}

// hedge widens a claim starting at i to a qualifier before it ("nearly").
func (d *doc) hedge(s sentence, i int) (int, string) {
	if q, qlo := qualifierBefore(d.toks, s.lo, i); q != "" && d.free(qlo, i) {
		return qlo, q
	}
	return i, ""
}
