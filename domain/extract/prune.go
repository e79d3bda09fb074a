package extract

// prune removes claims labellers do not mark, by general rules, once every
// rule and local check has run:
//
//   - a reporting clause with no named source that says only where it was
//     said ("…, the company said in a statement"): the statement before it
//     is the claim;
//   - an attribution whose verb is followed right away by a date ("X said
//     on Tuesday it would …") is one date claim, speaker to date; what was
//     reported keeps its own claims;
//   - a count, duration, date, percentage or ranking inside the report of a
//     larger attribution, or inside a ranking, comparison, prediction or
//     event, belongs to that clause (a reported date with a number stays);
//   - of two claims of one kind, one inside the other, the outer is kept
//     ("late 1990s" / "1990s");
//   - a ranking of a market move ("their biggest one-day gain") is colour,
//     not a checkable claim.
//
// A claim that carries a check, or a year the headline check reads, is
// never removed.
func (d *doc) prune() {
	cs := d.cands
	d.indexBySentence() // inner loops look only at claims of one sentence
	for i := range cs {
		a := &cs[i]
		if a.gone || a.kind != KindAttribution {
			continue
		}
		if d.genericReport(a) {
			a.gone = true
			continue
		}
		if b := d.amountAfter(a); b != nil {
			if b.source == "" {
				b.source = a.source
			}
			a.gone = true
			continue
		}
		verb := a.lo
		for verb < a.hi && !speechVerbs[d.toks[verb].low] {
			verb++
		}
		if b := d.claimAt(verb+1, KindDate); verb < a.hi && b != nil && b.sent == a.sent && len(b.checks) == 0 && len(b.heads) == 0 {
			b.lo = a.lo
			a.gone = true
		}
	}
	for i := range cs {
		switch c := &cs[i]; {
		case c.gone:
		case c.kind == KindRanking:
			d.rankingScope(c)
		case c.kind == KindMoney || c.kind == KindCount:
			d.trailingScope(c)
		case c.kind == KindComparison:
			d.comparisonOrReport(c)
		}
	}
	for i := range cs {
		b := &cs[i]
		if !b.gone && b.kind == KindCount && len(b.checks) == 0 && d.superlativeIn(b) {
			b.gone = true
			continue
		}
		if b.gone || !d.droppable(b) {
			continue
		}
		for _, j := range d.bySent[b.sent] {
			a := &cs[j]
			if j == i || a.gone || a.sent != b.sent || a.lo > b.lo || a.hi < b.hi || a.hi-a.lo <= b.hi-b.lo {
				continue
			}
			if a.kind == b.kind || d.holdsSubClaims(a, b) {
				b.gone = true
				break
			}
		}
	}
}

// droppable: the kinds that can sit inside a larger clause, without a check.
func (d *doc) droppable(c *cand) bool {
	if len(c.checks) > 0 || len(c.heads) > 0 {
		return false
	}
	switch c.kind {
	case KindCount, KindDuration, KindDate, KindPercentage, KindRanking:
		return true
	}
	return false
}

// holdsSubClaims reports whether b lies in the part of a that is one clause
// of its own: the report of an attribution (after its verb, not the
// speaker's description), or a ranking, comparison, prediction or event.
func (d *doc) holdsSubClaims(a, b *cand) bool {
	switch a.kind {
	case KindRanking, KindComparison, KindPrediction, KindEvent:
		return true
	case KindAttribution:
		// a reported date with a number ("would double by 2032") is often
		// what the labeller marks the clause for; keep it.
		if b.kind == KindDate && d.hasNumber(b.lo, b.hi) {
			return false
		}
		for k := a.lo; k < b.lo; k++ {
			if speechVerbs[d.toks[k].low] {
				return true
			}
		}
	}
	return false
}

func (d *doc) hasNumber(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if d.toks[k].kind == tNum {
			return true
		}
	}
	return false
}

// genericReport is a reporting clause after its statement whose speaker is
// an unnamed noun phrase ("the ministry said", "the company said in its
// annual report"): every word lower case, opened by an article or a
// possessive pronoun, nothing but a place for the statement after the verb.
func (d *doc) genericReport(a *cand) bool {
	toks := d.toks
	if a.lo == 0 || toks[a.lo-1].low != "," || !toks[a.lo].is("the", "its", "their", "a") {
		return false
	}
	verb := -1
	for k := a.lo; k < a.hi; k++ {
		t := toks[k]
		if t.kind != tWord || t.capital() {
			return false
		}
		if verb < 0 && speechVerbs[t.low] {
			verb = k
		}
	}
	if verb < 0 || verb-a.lo > 4 {
		return false
	}
	// Only the form that names where it was said and nothing else: "the
	// company said in a statement", "… in its annual report". The bare form
	// ("…, the council said") stays the attribution: it names who said it,
	// which a reviewer checks, and the labels disagree on it.
	return verb+1 < a.hi && a.hi-verb <= 5 && toks[verb+1].is("in")
}

// moveNouns are the market moves a ranking can describe.
var moveNouns = setOf("gain", "gains", "rise", "rises", "jump", "fall", "falls", "drop", "drops", "decline",
	"declines", "loss", "losses", "rally", "slump", "surge", "selloff", "sell-off")

// claimAt returns the live claim of kind k that starts at token i, or nil.
func (d *doc) claimAt(i int, k Kind) *cand {
	if i >= len(d.toks) {
		return nil
	}
	if o := int(d.owner[i]) - 1; o >= 0 && !d.cands[o].gone && d.cands[o].kind == k && d.cands[o].lo == i {
		return &d.cands[o]
	}
	for _, j := range d.bySent[d.sentenceOf(i)] {
		if c := &d.cands[j]; !c.gone && c.kind == k && c.lo == i {
			return c
		}
	}
	return nil
}

// absorb makes c end where b ends and drops b.
func (d *doc) absorb(c, b *cand) {
	c.hi = max(c.hi, b.hi)
	b.gone = true
}

// rankingScope extends a ranking over the scope that says where or when it
// holds: "the largest shipbuilder until the late 1990s", "the highest level
// since 2019", "the biggest order in the carrier's 52-year history". Claims
// inside the scope become part of the ranking.
func (d *doc) rankingScope(c *cand) {
	if moveNouns[d.toks[c.hi-1].low] && len(c.checks) == 0 {
		// "their biggest one-day gain (since March)": a ranking of a
		// market move is colour, not a checkable claim.
		defer func() { c.gone = true }()
	}
	toks, hi := d.toks, d.sents[c.sent].hi
	k := c.hi
	if k >= hi {
		return
	}
	if b := d.claimAt(k, KindDate); b != nil && toks[k].is("until", "since") && len(b.heads) == 0 && len(b.checks) == 0 {
		d.absorb(c, b)
		return
	}
	if toks[k].is("until", "since") {
		j := k + 1
		if j < hi && toks[j].is("the") {
			j++
		}
		if b := d.claimAt(j, KindDate); b != nil && len(b.heads) == 0 && len(b.checks) == 0 {
			d.absorb(c, b)
		}
		return
	}
	if toks[k].is("in") {
		for j := k + 1; j < hi && j < k+8; j++ {
			if toks[j].kind == tPunct && toks[j].low != "-" {
				return
			}
			if toks[j].is("history") {
				c.hi = j + 1
				return
			}
		}
	}
}

// trailingScope joins what says over which period an amount or a count
// holds: "£1 billion over ten years", "14.2 million passengers last year".
func (d *doc) trailingScope(c *cand) {
	toks, hi := d.toks, d.sents[c.sent].hi
	k := c.hi
	if k >= hi {
		return
	}
	if c.kind == KindMoney {
		j := k
		if toks[j].is("over") && d.owner[j] == 0 {
			j++
			if j < hi && toks[j].is("the") && d.owner[j] == 0 {
				j++
			}
		}
		if b := d.claimAt(j, KindDuration); b != nil && toks[k].is("over") && len(b.checks) == 0 {
			d.absorb(c, b)
		}
		return
	}
	if b := d.claimAt(k, KindDate); b != nil && len(b.heads) == 0 && len(b.checks) == 0 && !d.hasNumber(b.lo, b.hi) {
		d.absorb(c, b)
	}
}

// comparisonOrReport keeps one claim when a comparison and an attribution
// are the same clause ("X said the loan carries a rate below that of …"):
// with a named speaker the clause is reported speech, an attribution; with
// an unnamed one ("the bank said", "critics said") the comparison is the
// claim.
func (d *doc) comparisonOrReport(c *cand) {
	for _, j := range d.bySent[c.sent] {
		a := &d.cands[j]
		if a.gone || a.kind != KindAttribution {
			continue
		}
		lo, hi := max(a.lo, c.lo), min(a.hi, c.hi)
		if hi <= lo || 2*(d.toks[hi-1].end-d.toks[lo].start) < min(d.toks[a.hi-1].end-d.toks[a.lo].start, d.toks[c.hi-1].end-d.toks[c.lo].start) {
			continue
		}
		if d.namedSpeaker(a) {
			c.gone = true
		} else {
			a.gone = true
		}
		return
	}
}

// namedSpeaker: a capitalised word stands before the attribution's verb
// (other than the first word of the sentence).
func (d *doc) namedSpeaker(a *cand) bool {
	for k := a.lo; k < a.hi && !speechVerbs[d.toks[k].low]; k++ {
		if d.toks[k].capital() && !(k == d.sents[a.sent].lo && d.toks[k].is("the", "a", "an")) {
			return true
		}
	}
	return false
}

// superlativeIn: "its three largest yards" names a group, not a count.
func (d *doc) superlativeIn(c *cand) bool {
	for k := c.lo + 1; k < c.hi; k++ {
		if superlatives[d.toks[k].low] {
			return true
		}
	}
	return false
}

// amountAfter returns the amount or percentage right after a speaker-first
// attribution that ends at its verb ("Consumer groups warned the charge
// could raise bills by 8%"): the amount is the claim and takes the speaker
// as its source.
func (d *doc) amountAfter(a *cand) *cand {
	toks := d.toks
	if a.lo > 0 && toks[a.lo-1].low == "," || !speechVerbs[toks[a.hi-1].low] {
		return nil
	}
	hi := min(a.hi+maxClause, d.sents[a.sent].hi)
	for k := a.hi; k < hi && !scopeBreaks[toks[k].low]; k++ {
		if o := int(d.owner[k]) - 1; o >= 0 && !d.cands[o].gone {
			if c := &d.cands[o]; c.kind == KindMoney || c.kind == KindPercentage {
				return c
			}
			return nil
		}
	}
	return nil
}
