package extract

import "strings"

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
	marks  map[int]string   // claim index → what tells a money subject from another of its name
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
	d.dropQuoted()
	d.scanClauses()
	d.absorbTimeScopes()
	d.localChecks()
	d.joinChanges()
	d.prune()
	for _, c := range d.cands {
		if c.gone || d.toks[c.hi-1].end-d.toks[c.lo].start > MaxTextBytes {
			continue
		}
		if len(c.heads) > 0 {
			x.heads[len(x.claims)] = c.heads
		}
		if c.kind == KindMoney && c.value != nil && c.value.Subject != "" {
			if m := d.subjectMarks(&c); m != "" {
				x.marks[len(x.claims)] = m
			}
		}
		x.claims = append(x.claims, d.claim(c))
	}
}
