package match

import (
	"strings"
	"unicode"
)

// stopwords carry no subject: two sentences sharing them share nothing.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the of in on at to for by with and or but from as is are was were be been
		has have had it its this that these those their there they them we our us you your he she his her i
		will would could should may might can not no new also than more most over under about after before into
		said says say told according per cent percent billion million trillion thousand bn tn mn m k
		yuan dollar dollars euro euros pound pounds yen rupee rupees all every each other which who what when
		up down out just only some any so such one two three four five six seven eight nine ten`) {
		stopwords[w] = true
	}
}

// words are the content words of s, lower case, without numbers, with a
// plural "s" dropped so "tools" and "tool" agree.
func words(s string, drop map[string]bool) map[string]bool {
	out := map[string]bool{}
	s = strings.ReplaceAll(strings.ToLower(s), "’", "'")
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	}) {
		w = strings.TrimSuffix(strings.Trim(w, "'"), "'s") // "Riverton's" is Riverton
		if len(w) < 3 || stopwords[w] || drop[w] {
			continue
		}
		if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3 {
			w = w[:len(w)-1]
		}
		out[w] = true
	}
	return out
}

// similarity is the Jaccard index of two word sets, 0 when both are empty.
func similarity(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	shared := 0
	for w := range a {
		if b[w] {
			shared++
		}
	}
	return float64(shared) / float64(len(a)+len(b)-shared)
}

// overlap is the overlap coefficient of two word sets: the shared words
// over the smaller set, so a short sentence that repeats most of a long
// one's words scores high; 0 when either is empty.
func overlap(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	shared := 0
	for w := range a {
		if b[w] {
			shared++
		}
	}
	return float64(shared) / float64(min(len(a), len(b)))
}
