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
	gone   bool     // absorbed into another claim or suppressed
	heads  []string // for a year used as a modifier, the words it modifies
}

// doc is one part of the article, or one block of a long body, tokenized
// once and shared by every rule. Offsets inside a doc are relative to text,
// which starts at byte base of its part.
type doc struct {
	part  Part
	base  int
	text  string
	toks  []token
	used  []bool // tokens already inside a numeric or date claim
	sents []sentence
	cands []cand

	inQuote    []bool       // tokens between quotation marks
	speechUsed map[int]bool // speech verbs already read as a quotation's tail
	bySent     [][]int      // claim indexes per sentence
	numBuf     []*cand      // reused by sentenceNumbers
	owner      []int32      // token → 1 + index of the numeric, date or name claim holding it
	covered    []bool       // tokens inside any claim, for the clause rules

	lastComparison [2]int
}

// Extract returns the checkable claims of an article in text order, title
// first, each with the results of its consistency checks. Identical input
// gives identical output. The only error is text that is not valid UTF-8.
func Extract(a Article) ([]Claim, error) {
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	x := &extraction{seen: map[uint64]bool{}, lows: map[string]string{}, people: &speakers{},
		heads: map[int][]string{}, marks: map[int]string{}, claims: make([]Claim, 0, len(a.Body)/128+8)}
	bl := blocks(a.Body)
	title := x.newDoc(PartTitle, a.Title, 0, nil)
	first := x.newDoc(PartBody, a.Body[bl[0][0]:bl[0][1]], bl[0][0], nil)
	ref := reference{date: a.Published, from: "publication date"}
	if ref.date.IsZero() {
		ref = datelineOf(first)
	}
	x.process(title, ref)
	x.process(first, ref)
	prev := first
	for _, b := range bl[1:] {
		d := x.newDoc(PartBody, a.Body[b[0]:b[1]], b[0], prev)
		x.process(d, ref)
		prev = d
	}
	crossChecks(x.claims, x.heads, x.marks)
	claims := x.claims
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
		d.owner[i] = int32(len(d.cands) + 1)
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
		Kind: c.kind, Text: d.text[start:end], Part: d.part, Start: d.base + start, End: d.base + end,
		Sentence: sentenceAround(d.text, ss, se, start, end), Value: c.value, Source: c.source, Checks: checks,
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
