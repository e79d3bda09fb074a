package extract

import (
	"fmt"
	"sort"
	"time"
)

// cand is a claim while rules still work on it: spans are token ranges.
type cand struct {
	kind   Kind
	lo, hi int // tokens [lo, hi)
	sent   int
	value  *Value
	source string
	checks []Check
	gone   bool // absorbed into another claim or suppressed
}

// doc is one part of the article, tokenized once and shared by every rule.
type doc struct {
	part  Part
	text  string
	toks  []token
	used  []bool // tokens already inside a numeric or date claim
	sents []sentence
	cands []cand

	inQuote    []bool       // tokens between quotation marks
	speechUsed map[int]bool // speech verbs already read as a quotation's tail
	bySent     [][]int      // claim indexes per sentence
}

// Extract returns the checkable claims of an article in text order, title
// first, each with the results of its consistency checks. Identical input
// gives identical output. The only error is text that is not valid UTF-8.
func Extract(a Article) ([]Claim, error) {
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	seen := map[string]bool{}
	var docs []*doc
	for _, p := range []struct {
		part Part
		text string
	}{{PartTitle, a.Title}, {PartBody, a.Body}} {
		d := &doc{part: p.part, text: p.text, toks: tokenize(p.text)}
		d.used = make([]bool, len(d.toks))
		d.sents = splitSentences(d.toks)
		markDuplicates(d.toks, d.sents, seen)
		docs = append(docs, d)
	}
	ref := reference{date: a.Published, from: "publication date"}
	if ref.date.IsZero() {
		ref = datelineOf(docs[1])
	}
	people := &speakers{}
	for _, d := range docs {
		d.scanTokens(ref)
		d.scanQuotesAndSources(people)
		d.scanClauses()
		d.absorbTimeScopes()
	}
	runChecks(docs)
	claims := make([]Claim, 0, 16)
	for _, d := range docs {
		for _, c := range d.cands {
			if !c.gone {
				claims = append(claims, d.claim(c))
			}
		}
	}
	sort.SliceStable(claims, func(i, j int) bool {
		a, b := claims[i], claims[j]
		if a.Part != b.Part {
			return a.Part == PartTitle
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End > b.End
		}
		return a.Kind < b.Kind
	})
	return claims, nil
}

// scanTokens runs the rules that read numbers, dates and names, sentence by
// sentence. Order matters: dates first, so a year is never read as a count.
func (d *doc) scanTokens(ref reference) {
	for si, s := range d.sents {
		if s.dup {
			continue
		}
		d.scanDates(si, ref)
		d.scanMoney(si)
		d.scanPercentages(si)
		d.scanMeasures(si)
		d.scanIdentifiers(si)
		d.scanRankings(si)
	}
}

func (d *doc) add(c cand) int {
	for i := c.lo; i < c.hi; i++ {
		d.used[i] = true
	}
	d.cands = append(d.cands, c)
	return len(d.cands) - 1
}

func (d *doc) free(lo, hi int) bool {
	for i := lo; i < hi; i++ {
		if d.used[i] {
			return false
		}
	}
	return true
}

func (d *doc) span(lo, hi int) string { return d.text[d.toks[lo].start:d.toks[hi-1].end] }

func (d *doc) claim(c cand) Claim {
	s := d.sents[c.sent]
	start, end := d.toks[c.lo].start, d.toks[c.hi-1].end
	ss, se := s.start, s.end
	if start < ss {
		ss = start
	}
	if end > se {
		se = end
	}
	checks := c.checks
	if checks == nil {
		checks = []Check{}
	}
	return Claim{
		Kind: c.kind, Text: d.text[start:end], Part: d.part, Start: start, End: end,
		Sentence: d.text[ss:se], Value: c.value, Source: c.source, Checks: checks,
	}
}

// sentenceOf returns the index of the sentence holding token i.
func (d *doc) sentenceOf(i int) int {
	k := sort.Search(len(d.sents), func(k int) bool { return d.sents[k].hi > i })
	if k == len(d.sents) {
		k--
	}
	return k
}

// reference is the date relative expressions resolve against.
type reference struct {
	date time.Time
	from string
}
