package extract

import "strings"

// wordClass marks what a word can start, so each rule looks only at the
// tokens that could begin its pattern. One map lookup per word in tokenize
// replaces a dozen in the rules, which is what keeps extraction fast.
type wordClass uint32

const (
	cMonth wordClass = 1 << iota
	cWeekday
	cDateWord
	cSpelled
	cVague
	cCurrency
	cSpeech
	cCue
	cSourceCue
	cOrdinal
	cReference
	cRanking
	cVerb // a past form or an auxiliary that can open a finite verb
)

var lexicon = buildLexicon()

// lexShape is a filter in front of the lexicon map: a lower-case ASCII word
// whose length, first and last letter match no lexicon word is not in it.
// Most words fail here, without hashing.
var lexShape = func() (f [24][26][26]bool) {
	for w := range lexicon {
		if n, a, z, ok := shape(w); ok {
			f[n][a][z] = true
		}
	}
	return f
}()

func shape(w string) (n, a, z int, ok bool) {
	if len(w) == 0 || len(w) >= 24 {
		return 0, 0, 0, false
	}
	a, z = int(w[0])-'a', int(w[len(w)-1])-'a'
	if a < 0 || a >= 26 || z < 0 || z >= 26 {
		return 0, 0, 0, false
	}
	return len(w), a, z, true
}

func buildLexicon() map[string]wordClass {
	m := map[string]wordClass{}
	mark := func(c wordClass, words ...string) {
		for _, w := range words {
			m[w] |= c
		}
	}
	for w := range months {
		mark(cMonth, w)
	}
	for w := range weekdays {
		mark(cWeekday, w)
	}
	for w := range relativeDays {
		mark(cDateWord, w)
	}
	for w := range relativeDeictic {
		mark(cDateWord, w)
	}
	mark(cDateWord, "earlier", "later", "early", "late", "a", "an")
	for w := range spelledNumbers {
		mark(cSpelled, w)
	}
	for w := range vagueCounts {
		mark(cVague, w)
	}
	for w := range currencyWords {
		mark(cCurrency, w)
	}
	mark(cCurrency, "rs")
	for w := range speechVerbs {
		mark(cSpeech, w)
	}
	for _, set := range [][][]string{comparisonCues, eventCues, forecastCues} {
		for _, c := range set {
			mark(cCue, c[0])
		}
	}
	mark(cSourceCue, "according", "reported", "citing", "to", "by", "from")
	for w := range ordinalWords {
		mark(cOrdinal, w)
	}
	for w := range referenceWords {
		mark(cReference, w)
	}
	for w := range superlatives {
		mark(cRanking, w)
	}
	mark(cRanking, "ranked", "ranks", "rank", "no")
	for w := range irregularPast {
		mark(cVerb, w)
	}
	for w := range perfectAux {
		mark(cVerb, w)
	}
	mark(cVerb, "was", "were", "did", "didn’t", "didn't")
	return m
}

// classify returns the classes of a lower-case word, reading hyphenated
// compounds such as "twenty-five" and "second-largest" too.
func classify(low string) wordClass {
	var c wordClass
	if n, a, z, ok := shape(low); !ok || lexShape[n][a][z] {
		c = lexicon[low]
	}
	if len(low) > 4 && strings.HasSuffix(low, "ed") {
		c |= cVerb
	}
	if i := strings.IndexByte(low, '-'); i > 0 {
		if _, ok := spelled(low); ok {
			c |= cSpelled
		}
		if superlatives[low[i+1:]] {
			c |= cRanking
		}
	}
	return c
}

// index maps the first word of each cue to the cues it starts.
func index(cues [][]string) map[string][][]string {
	m := map[string][][]string{}
	for _, c := range cues {
		m[c[0]] = append(m[c[0]], c)
	}
	return m
}

var (
	comparisonIndex = index(comparisonCues)
	eventIndex      = index(eventCues)
	forecastIndex   = index(forecastCues)
)
