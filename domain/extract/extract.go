package extract

import (
	"fmt"
	"sort"
	"strings"
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
		heads: map[int][]string{}, claims: make([]Claim, 0, len(a.Body)/128+8)}
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
	crossChecks(x.claims, x.heads)
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

// blockSize bounds the text tokenized at once. Articles fit in one block;
// very long input is cut at line breaks, so memory stays small and the
// working set stays in cache. Sentences never span a line break, and people
// named, sentences seen and amounts compared carry across blocks.
const blockSize = 64 << 10

func blocks(body string) [][2]int {
	var out [][2]int
	for start := 0; start < len(body); {
		end := min(start+blockSize, len(body))
		if end < len(body) {
			if nl := strings.IndexByte(body[end:], '\n'); nl >= 0 {
				end += nl + 1
			} else {
				end = len(body)
			}
		}
		out = append(out, [2]int{start, end})
		start = end
	}
	if len(out) == 0 {
		out = append(out, [2]int{0, 0})
	}
	return out
}

// extraction is the state one call of Extract carries from block to block.
type extraction struct {
	seen   map[uint64]bool   // sentences already read
	lows   map[string]string // lower-case spellings, interned
	people *speakers
	claims []Claim
	heads  map[int][]string // claim index → words a year modifies, for the headline-year check
}

// newDoc tokenizes text. A finished doc passed as prev hands on its buffers,
// so a long body reuses the memory of one block for the next.
func (x *extraction) newDoc(part Part, text string, base int, prev *doc) *doc {
	d := &doc{part: part, base: base, text: text}
	if prev != nil {
		d.toks, d.used, d.inQuote, d.sents, d.cands, d.numBuf = prev.toks, prev.used, prev.inQuote, prev.sents, prev.cands[:0], prev.numBuf
		d.owner, d.covered = prev.owner, prev.covered
	}
	d.toks = tokenize(text, d.toks, x.lows)
	d.used = zeroed(d.used, len(d.toks))
	d.inQuote = zeroed(d.inQuote, len(d.toks))
	d.covered = zeroed(d.covered, len(d.toks))
	if cap(d.owner) < len(d.toks) {
		d.owner = make([]int32, len(d.toks))
	}
	d.owner = d.owner[:len(d.toks)]
	clear(d.owner)
	d.sents = splitSentences(d.toks, d.sents)
	markDuplicates(d.toks, d.sents, x.seen)
	return d
}

func zeroed(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// process runs every rule and the checks local to one doc, then keeps its
// claims; after it the doc's tokens are free for the next block.
func (x *extraction) process(d *doc, ref reference) {
	d.scanTokens(ref)
	d.scanQuotesAndSources(x.people)
	d.scanClauses()
	d.absorbTimeScopes()
	d.localChecks()
	for _, c := range d.cands {
		if c.gone {
			continue
		}
		if len(c.heads) > 0 {
			x.heads[len(x.claims)] = c.heads
		}
		x.claims = append(x.claims, d.claim(c))
	}
}
