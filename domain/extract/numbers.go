package extract

import (
	"math"
	"strings"
)

// numberAt reads a number starting at toks[i]: digits ("1,300", "5.89") or
// spelled ("four", "twenty-five"), followed by an optional scale word
// ("trillion", glued "bn"). It returns the value, the index after the number
// and whether a scale word was read.
func numberAt(toks []token, i, hi int) (v float64, next int, scaled bool, ok bool) {
	if i >= hi {
		return 0, i, false, false
	}
	t := toks[i]
	switch t.kind {
	case tNum:
		if math.IsNaN(t.num) {
			return 0, i, false, false
		}
		v = t.num
	case tWord:
		if t.class&cSpelled == 0 {
			return 0, i, false, false
		}
		f, found := spelled(t.low)
		if !found {
			return 0, i, false, false
		}
		v = f
	default:
		return 0, i, false, false
	}
	next = i + 1
	for next < hi {
		s := toks[next]
		if s.kind != tWord {
			break
		}
		m, isScale := scales[s.low]
		if !isScale || gluedOnlyScales[s.low] && (s.space || t.kind != tNum) {
			break
		}
		v *= m
		scaled = true
		next++
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, i, false, false
	}
	return v, next, scaled, true
}

// spelled reads "four", "twenty-five" and "a hundred"-free compounds. Words
// such as "one" are read too, and callers decide whether they make a claim.
func spelled(w string) (float64, bool) {
	if f, ok := spelledNumbers[w]; ok {
		return f, true
	}
	if i := strings.IndexByte(w, '-'); i > 0 {
		a, okA := spelledNumbers[w[:i]]
		b, okB := spelledNumbers[w[i+1:]]
		if okA && okB && a >= 20 && b < 10 {
			return a + b, true
		}
	}
	return 0, false
}

// isYear reads a plain four-digit number in the range news uses as years.
func isYear(t token) (int, bool) {
	if t.kind != tNum || !t.plain || len(t.text) != 4 {
		return 0, false
	}
	y := int(t.num)
	return y, y >= 1900 && y <= 2100
}

// ordinalAt reads "14th" (a number glued to a suffix) or "fourth".
func ordinalAt(toks []token, i, hi int) (n int, next int, ok bool) {
	t := toks[i]
	if t.kind == tWord {
		if n, ok := ordinalWords[t.low]; ok {
			return n, i + 1, true
		}
		return 0, i, false
	}
	if t.kind == tNum && t.plain && i+1 < hi && !toks[i+1].space &&
		toks[i+1].is("st", "nd", "rd", "th") && t.num < 1e6 {
		return int(t.num), i + 2, true
	}
	return 0, i, false
}

// qualifierBefore finds a hedge such as "up to" or "nearly" ending just
// before toks[i], returning its first index.
func qualifierBefore(toks []token, lo, i int) (string, int) {
	for qi, words := range qualifierWords {
		q := qualifiers[qi]
		j := i - len(words)
		if j < lo {
			continue
		}
		match := true
		for k, w := range words {
			if toks[j+k].low != w {
				match = false
				break
			}
		}
		if match {
			return q, j
		}
	}
	return "", i
}

var qualifierWords = func() [][]string {
	out := make([][]string, len(qualifiers))
	for i, q := range qualifiers {
		out[i] = strings.Fields(q)
	}
	return out
}()
