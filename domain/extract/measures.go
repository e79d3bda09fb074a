package extract

import (
	"fmt"
	"strings"
)

var percentWords = setOf("percent", "per", "pct", "percentage")

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
	case t.low == "percent" || t.low == "pct":
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

var durationLead = setOf("for", "over", "within", "in", "after", "during", "nearly", "almost", "about", "around", "past", "last", "next")
var vagueCounts = map[string]float64{"many": 0, "several": 0, "few": 0}

// scanMeasures adds durations ("over two decades"), quantities with a unit
// ("5 million tonnes") and counts of things ("14 provinces").
func (d *doc) scanMeasures(si int) {
	s := d.sents[si]
	toks := d.toks
	for i := s.lo; i < s.hi; i++ {
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
			if i > s.lo && toks[i-1].low == "a" && toks[i].low == "few" {
				// "a few years"
			}
		}
		if next >= s.hi || !d.free(i, next) || toks[next].kind != tWord {
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
			lo := i
			if lo > s.lo && durationLead[toks[lo-1].low] && !d.used[lo-1] {
				lo--
			}
			v := &Value{Unit: timeUnits[u.low]}
			if !vague {
				v.Number = num(val)
				v.ISO8601 = isoDuration(val, v.Unit)
			} else {
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

func pluralNoun(t token) bool {
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

// hedge widens a claim starting at i to a qualifier before it ("nearly").
func (d *doc) hedge(s sentence, i int) (int, string) {
	if q, qlo := qualifierBefore(d.toks, s.lo, i); q != "" && d.free(qlo, i) {
		return qlo, q
	}
	return i, ""
}
