package extract

// quotePair is one “…” pair inside a line; open and close are token indexes.
type quotePair struct{ open, close int }

// quotePairs pairs opening and closing marks line by line. A mark left open
// at the end of a line (text cut off mid-quote) pairs with nothing.
func quotePairs(toks []token) []quotePair {
	var out []quotePair
	open := -1
	for i, t := range toks {
		if t.nl {
			open = -1
		}
		switch t.text {
		case "“", "„", "«":
			open = i
		case "”", "»":
			if open >= 0 {
				out = append(out, quotePair{open, i})
				open = -1
			}
		case "\"":
			if open >= 0 && toks[open].text == "\"" {
				out = append(out, quotePair{open, i})
				open = -1
			} else if open < 0 {
				open = i
			}
		}
	}
	return out
}

// scanQuotes adds quotations of three words or more with their speaker, and
// quoted proper names ("the “Provincial Venture Capital Guidance Fund”") as
// identifiers. Shorter quoted words are scare quotes, not claims.
func (d *doc) scanQuotes() []mention {
	toks := d.toks
	pairs := quotePairs(toks)
	var out []mention
	consumed := make([]bool, len(pairs))
	for pi, p := range pairs {
		si := d.sentenceOf(p.open)
		if consumed[pi] || d.sents[si].dup {
			continue
		}
		for k := p.open + 1; k < p.close; k++ {
			d.inQuote[k] = true
		}
		words, titled, breaks := 0, true, false
		for k := p.open + 1; k < p.close; k++ {
			t := toks[k]
			switch t.kind {
			case tWord, tNum:
				words++
				if !t.capital() && !nameJoiners[t.low] && t.kind != tNum {
					titled = false
				}
			case tPunct:
				if t.low == "," || t.low == "." || t.low == "?" || t.low == "!" {
					breaks = true
				}
			}
		}
		if words >= 2 && words <= 10 && titled && !breaks && toks[p.open+1].capital() {
			lo := p.open
			if lo > d.sents[si].lo && toks[lo-1].low == "the" {
				lo--
			}
			d.add(cand{kind: KindIdentifier, lo: lo, hi: p.close + 1, sent: si, value: &Value{Cue: "quoted name"}})
			continue
		}
		if words < 3 && !breaks {
			continue
		}
		m := mention{lo: p.open, hi: p.close + 1, sent: si, kind: KindQuote}
		if hi, who, verb := d.speakerAfter(p.close+1, len(toks)); hi > 0 {
			m.hi, m.raw = hi, who
			d.speechUsed[verb] = true
			// A split quote goes on after its speaker: “…,” she said, “…”.
			for qi := pi + 1; qi < len(pairs); qi++ {
				n := pairs[qi]
				if n.open < m.hi {
					continue
				}
				if n.open == m.hi+1 && toks[m.hi].low == "," {
					m.hi = n.close + 1
					consumed[qi] = true
					for k := n.open + 1; k < n.close; k++ {
						d.inQuote[k] = true
					}
				}
				break
			}
		} else if lo, who, verb := d.speakerBefore(p.open); lo >= 0 {
			m.lo, m.raw = lo, who
			d.speechUsed[verb] = true
		}
		out = append(out, m)
	}
	return out
}

// speakerAfter reads the tail of a quotation: `, Zheng said`, `he added`,
// `said Ms Lee`. It returns the end of the tail, the speaker as written and
// the index of the verb.
func (d *doc) speakerAfter(j, hi int) (int, string, int) {
	toks := d.toks
	if j < hi && toks[j].low == "," {
		j++
	}
	if j >= hi || toks[j].nl {
		return 0, "", 0
	}
	if toks[j].low == "according" && j+2 < hi && toks[j+1].low == "to" {
		if e := capRun(toks, j+2, hi); e > j+2 {
			return e, stripTitles(toks, j+2, e, d.text), j
		}
	}
	if quoteVerbs[toks[j].low] && j+1 < hi {
		if pronouns[toks[j+1].low] {
			return j + 2, toks[j+1].low, j
		}
		if e := capRun(toks, j+1, hi); e > j+1 {
			return e, stripTitles(toks, j+1, e, d.text), j
		}
	}
	if pronouns[toks[j].low] && j+1 < hi && quoteVerbs[toks[j+1].low] {
		return j + 2, toks[j].low, j + 1
	}
	if e := capRun(toks, j, hi); e > j && e < hi && quoteVerbs[toks[e].low] {
		return e + 1, stripTitles(toks, j, e, d.text), e
	}
	if e, who := d.describedSpeaker(j, hi); e > j {
		return e + 1, who, e
	}
	return 0, "", 0
}

// describedSpeaker reads a speaker named by description before the verb:
// `a company spokesperson said`, `port authority president Ana Lima said`.
// The phrase is a few words with no punctuation, opening with an article or
// holding a role word; a capitalised name at its end is the speaker, else
// the description is. It returns the verb's index, or j when there is none.
func (d *doc) describedSpeaker(j, hi int) (int, string) {
	toks := d.toks
	role := toks[j].is("a", "an", "the")
	e := j
	for e < hi && e < j+7 && toks[e].kind == tWord && !quoteVerbs[toks[e].low] && !pronouns[toks[e].low] &&
		(e == j || !toks[e].nl) {
		if roleWords[toks[e].low] {
			role = true
		}
		e++
	}
	if !role || e == j || e >= hi || !quoteVerbs[toks[e].low] || toks[e].nl {
		return j, ""
	}
	b := e
	for b > j && toks[b-1].capital() && !toks[b-1].possessive() {
		b--
	}
	if e-b >= 2 {
		return e, stripTitles(toks, b, e, d.text)
	}
	lo := j
	if toks[lo].is("a", "an", "the") {
		lo++
	}
	if lo >= e {
		return j, "" // an article alone names nobody
	}
	return e, d.span(lo, e)
}

// speakerBefore reads a lead-in: `Smith said: “…”` or `she told reporters, “…”`.
func (d *doc) speakerBefore(open int) (int, string, int) {
	toks := d.toks
	s := d.sents[d.sentenceOf(open)]
	j := open - 1
	if j >= s.lo && (toks[j].low == ":" || toks[j].low == ",") {
		j--
	}
	for k := j; k >= s.lo && k > j-3; k-- {
		if !quoteVerbs[toks[k].low] || d.inQuote[k] {
			continue
		}
		if k-1 >= s.lo && pronouns[toks[k-1].low] {
			return k - 1, toks[k-1].low, k
		}
		b := k
		for b-1 >= s.lo && toks[b-1].capital() {
			b--
		}
		if b < k {
			return b, d.span(b, k), k
		}
	}
	return -1, "", 0
}

// capRun returns the end of a run of capitalised words starting at i (at
// most four, so a run does not swallow a whole headline).
//
// A title abbreviated with a full stop stays in the run: "Dr. Helen Park".
func capRun(toks []token, i, hi int) int {
	j := i
	for j < hi && j < i+5 && toks[j].capital() && !pronouns[toks[j].low] {
		j++
		if toks[j-1].possessive() {
			break
		}
		if j+1 < hi && toks[j].low == "." && !toks[j].space && titles[toks[j-1].low] && toks[j+1].capital() {
			j++
		}
	}
	return j
}

// quotedKinds are the claims a quotation keeps to itself: inside someone's
// words, “today”, “the largest vessels” or “a hundred million riders” are
// part of what was said, not separate facts the article states. Amounts and
// percentages stay claims of their own, so the checks still see them.
var quotedKinds = map[Kind]bool{KindDate: true, KindRanking: true, KindCount: true,
	KindDuration: true, KindQuantity: true}

// dropQuoted marks as gone the claims of quotedKinds that lie inside the
// quotation marks of a quote claim.
func (d *doc) dropQuoted() {
	var inClaim []bool // tokens inside a quote claim
	for _, q := range d.cands {
		if q.gone || q.kind != KindQuote {
			continue
		}
		if inClaim == nil {
			inClaim = make([]bool, len(d.toks))
		}
		for i := q.lo; i < q.hi; i++ {
			inClaim[i] = true
		}
	}
	if inClaim == nil {
		return
	}
	for k := range d.cands {
		c := &d.cands[k]
		if c.gone || !quotedKinds[c.kind] {
			continue
		}
		inside := true
		for i := c.lo; i < c.hi && inside; i++ {
			inside = d.inQuote[i] && inClaim[i]
		}
		if inside {
			c.gone = true
		}
	}
}
