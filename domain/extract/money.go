package extract

import (
	"sort"
	"strings"
)

// currencyNames fixes the order nearCurrency tries names in, so a misspelling
// close to two currencies resolves the same way on every run.
var currencyNames = func() []string {
	names := make([]string, 0, len(currencyWords))
	for n := range currencyWords {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}()

// moneyAt reads an amount of money at toks[i]: "$280 billion", "RMB 5.89
// trillion", "2 trillion yuan", "€35 million", "US$3bn". It returns the
// amount, its currency and the index after it.
func moneyAt(toks []token, i, hi int) (amt float64, cur string, lo, next int, ok bool) {
	if i >= hi {
		return 0, "", i, i, false // the "(" of a pair ended the text
	}
	t := toks[i]
	lo = i
	switch {
	case t.kind == tPunct && currencySymbols[t.low] != "":
		cur = currencySymbols[t.low]
		if t.low == "$" && i > 0 && !t.space && toks[i-1].kind == tWord {
			if c, found := dollarPrefixes[toks[i-1].low]; found {
				cur, lo = c, i-1
			}
		}
		v, n, _, isNum := numberAt(toks, i+1, hi)
		if !isNum || toks[i+1].kind != tNum {
			return 0, "", i, i, false
		}
		return v, cur, lo, n, true
	case t.kind == tWord && (currencyCodes[t.low] && t.text != t.low || t.low == "rs"):
		cur = currencyWords[t.low]
		if t.low == "rs" {
			cur = "INR"
		}
		j := i + 1
		if j < hi && toks[j].low == "." && t.low == "rs" {
			j++
		}
		v, n, _, isNum := numberAt(toks, j, hi)
		if !isNum || j >= hi || toks[j].kind != tNum {
			return 0, "", i, i, false
		}
		return v, cur, lo, n, true
	}
	v, n, scaled, isNum := numberAt(toks, i, hi)
	if !isNum || t.kind == tWord && !scaled && spelledNumbers[t.low] < 2 {
		return 0, "", i, i, false
	}
	if n >= hi || toks[n].kind != tWord {
		return 0, "", i, i, false
	}
	w := toks[n]
	// A capitalised currency word counts in title case, after a capitalised
	// scale word ("6.2 Billion Reais"); alone it may be a name ("Real").
	titled := n > i && toks[n-1].kind == tWord && scales[toks[n-1].low] > 0 && toks[n-1].capital()
	if c := currencyWords[w.low]; c != "" && (w.text == w.low || currencyCodes[w.low] || titled) {
		return v, c, lo, n + 1, true
	}
	if c := dollarCountries[w.base()]; c != "" {
		for j := n + 1; j < hi && j <= n+2; j++ {
			if toks[j].is("dollar", "dollars") {
				return v, c, lo, j + 1, true
			}
		}
	}
	// Garbled text misspells currencies; accept a near spelling only where an
	// "(A)" pair right after confirms that money is meant.
	if n+1 < hi && toks[n+1].low == "(" {
		if c := nearCurrency(w.low); c != "" {
			if _, _, _, _, isPair := moneyAt(toks, skipPairFiller(toks, n+2, hi), hi); isPair {
				return v, c, lo, n + 1, true
			}
		}
	}
	return 0, "", i, i, false
}

var pairFiller = setOf("about", "around", "approximately", "roughly", "some", "nearly", "or", "almost", "approx", "c", "ca", "equivalent", "to", "over", "just", "under")

func skipPairFiller(toks []token, j, hi int) int {
	for j < hi && pairFiller[toks[j].low] {
		j++
	}
	return j
}

// scanMoney adds money claims. "A (B)" is one claim: the amount in parentheses
// is the same sum in another currency, and the pair implies an exchange rate.
func (d *doc) scanMoney(si int) {
	s := d.sents[si]
	toks := d.toks
	for i := s.lo; i < s.hi; i++ {
		t := toks[i]
		if d.used[i] || t.kind == tWord && t.class&(cCurrency|cSpelled) == 0 ||
			t.kind == tPunct && (t.text[0] < 0x80 && t.text[0] != '$' || currencySymbols[t.low] == "") {
			continue
		}
		amt, cur, lo, next, ok := moneyAt(toks, i, s.hi)
		if !ok || !d.free(lo, next) {
			continue
		}
		v := &Value{Number: num(amt), Unit: cur}
		hi := next
		if hi+1 < s.hi && toks[hi].low == "(" {
			j := skipPairFiller(toks, hi+1, s.hi)
			if pa, pc, _, pn, isPair := moneyAt(toks, j, s.hi); isPair && pn < s.hi && toks[pn].low == ")" {
				v.Paired = &Amount{Value: pa, Currency: pc}
				hi = pn + 1
			}
		}
		q, qlo := qualifierBefore(toks, s.lo, lo)
		if q != "" && d.free(qlo, lo) {
			v.Qualifier, lo = q, qlo
		}
		lo, hi, v.Subject = d.moneySubject(s, lo, hi)
		d.add(cand{kind: KindMoney, lo: lo, hi: hi, sent: si, value: v})
		i = hi - 1
	}
}

// moneySubject names what the money is: the noun after the amount ("stimulus
// package") or before "of" ("a deficit of"). The same-subject check compares
// amounts by this name.
func (d *doc) moneySubject(s sentence, lo, hi int) (int, int, string) {
	toks := d.toks
	subj := ""
	j := hi
	// A headline capitalises every word, so there capitals do not end the subject.
	for j < s.hi && j < hi+2 && toks[j].kind == tWord && (toks[j].text == toks[j].low || d.part == PartTitle) &&
		!stopwords[toks[j].low] && !d.used[j] && !speechVerbs[toks[j].low] && len(toks[j].low) > 2 {
		// A second word ending in -s is more often a verb ("stimulus signals")
		// than a compound noun.
		if j > hi && (verbLike(toks[j].low) || verbLike(toks[j-1].low)) {
			break
		}
		j++
	}
	if j > hi {
		subj = lower(d.span(hi, j))
		hi = j
	}
	if subj == "" && lo-2 >= s.lo && toks[lo-1].low == "of" && toks[lo-2].kind == tWord &&
		toks[lo-2].text == toks[lo-2].low && !stopwords[toks[lo-2].low] && !d.used[lo-2] {
		subj = toks[lo-2].base()
		lo -= 2
	}
	return lo, hi, subj
}

// ofMark opens the marks of a subject read before "of".
const ofMark = "of:"

// subjectMarks lists what tells a money claim's subject from another of the
// same name, from the few words before it in its clause: ordinals, years and
// possessive owners ("the third phase", "2024", "Alpha's").
func (d *doc) subjectMarks(c *cand) string {
	toks := d.toks
	s := d.sents[c.sent]
	var out []string
	for k := c.lo - 1; k >= s.lo && k >= c.lo-6; k-- {
		t := toks[k]
		if t.kind == tPunct {
			break
		}
		_, year := isYear(t)
		switch _, ord := ordinalWords[t.low]; {
		case ord:
			out = append(out, "ordinal="+t.low)
		case year:
			out = append(out, "year="+t.low)
		case t.possessive():
			out = append(out, "owner="+t.base())
		}
	}
	m := strings.Join(out, " ")
	if c.lo+1 < c.hi && toks[c.lo+1].is("of") && c.value != nil && c.value.Subject == toks[c.lo].base() {
		m = ofMark + m
	}
	return m
}

// nearCurrency matches a misspelt currency name: same first three letters
// and at most two edits away.
func nearCurrency(w string) string {
	if len(w) < 5 {
		return ""
	}
	for _, name := range currencyNames {
		code := currencyWords[name]
		if len(name) >= 4 && name[:3] == w[:3] && editDistance(w, name) <= 2 {
			return code
		}
	}
	return ""
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
