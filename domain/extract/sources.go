package extract

import (
	"sort"
	"strings"
)

// mention is a quotation or attribution whose speaker is still as written:
// a pronoun or a surname is resolved once all mentions are in text order.
type mention struct {
	lo, hi int
	sent   int
	kind   Kind
	raw    string
	cue    string
}

var introWords = setOf("in", "as", "while", "after", "before", "despite", "however", "meanwhile",
	"on", "at", "for", "with", "although", "since", "when", "if", "but", "during", "under", "by", "last", "earlier")

var roleWords = setOf("head", "chairman", "chairwoman", "chair", "chief", "director", "minister",
	"spokesperson", "spokesman", "spokeswoman", "president", "ceo", "economist", "analyst",
	"secretary", "governor", "founder", "professor", "researcher", "official", "commissioner")

// scanQuotesAndSources finds quotations and attributions, then names their
// speakers in text order so that "he added" and "Xing noted" resolve to the
// person last introduced in full.
func (d *doc) scanQuotesAndSources(people *speakers) {
	people.startDoc(d.toks, d.text)
	d.speechUsed = map[int]bool{}
	ms := d.scanQuotes()
	for si, s := range d.sents {
		if !s.dup {
			ms = append(ms, d.scanAttributions(si)...)
		}
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].lo < ms[j].lo })
	bySent := map[int]string{}
	for _, m := range ms {
		people.learn(m.lo)
		who := people.resolve(m.raw)
		if m.kind == KindAttribution && who != "" {
			bySent[m.sent] = who
		}
		if who == "" && m.kind == KindQuote {
			who = bySent[m.sent]
		}
		var v *Value
		if m.cue != "" {
			v = &Value{Cue: m.cue}
		}
		d.cands = append(d.cands, cand{kind: m.kind, lo: m.lo, hi: m.hi, sent: m.sent, source: who, value: v})
	}
	people.learn(len(d.toks))
}

func (d *doc) scanAttributions(si int) []mention {
	s := d.sents[si]
	toks := d.toks
	var out []mention
	for i := s.lo; i < s.hi; i++ {
		t := toks[i]
		if t.class&(cSpeech|cSourceCue) == 0 || d.inQuote[i] || d.speechUsed[i] {
			continue
		}
		switch {
		case t.low == "according" && i+1 < s.hi && toks[i+1].low == "to",
			t.low == "reported" && i+1 < s.hi && toks[i+1].low == "by",
			t.low == "citing" && i+1 < s.hi && d.part != PartTitle: // headline case capitalises everything
			np := i + 1
			if t.low != "citing" {
				np++
			}
			if t.low == "reported" && i > s.lo && toks[i-1].low == "as" {
				i--
			}
			hi, who := d.sourcePhrase(s, np)
			if hi > np && (t.low != "citing" || who != "") {
				out = append(out, mention{lo: i, hi: hi, sent: si, kind: KindAttribution, raw: who, cue: spanLow(toks, i, np)})
				i = hi - 1
			}
		case speechVerbs[t.low]:
			// "X said A, noting B" is one attribution: a later verb whose
			// clause would reach back over the first is not another.
			if m, ok := d.speechAttribution(s, si, i); ok && (len(out) == 0 || m.lo >= out[len(out)-1].hi) {
				out = append(out, m)
				i = m.hi - 1
			}
		case t.is("to", "by", "from") && i+3 < s.hi:
			// "…, to Zheng Shanjie, head of the planner": a named source with
			// a role, the attribution half of a garbled "according to".
			if e := capRun(toks, i+1, s.hi); e >= i+3 && e+1 < s.hi && toks[e].low == "," && roleWords[toks[e+1].low] {
				hi := clauseEnd(toks, e+1, s.hi)
				out = append(out, mention{lo: i, hi: hi, sent: si, kind: KindAttribution, raw: d.span(i+1, e), cue: t.low})
				i = hi - 1
			}
		}
	}
	return out
}

// sourcePhrase reads the source after "according to": the phrase up to the
// next comma, then an appended name ("…economist, Robin Xing,") and "and his
// team". The source is the person's name when one is given.
func (d *doc) sourcePhrase(s sentence, i int) (int, string) {
	toks := d.toks
	hi := clauseEnd(toks, i, s.hi)
	org, who := "", ""
	for k := i; k < hi; k++ {
		if toks[k].capital() {
			e, name := d.orgName(k, hi)
			if toks[e-1].possessive() {
				org = strings.TrimSuffix(strings.TrimSuffix(d.span(k, e), "’s"), "'s")
			} else if who == "" {
				who = name
			}
			k = e - 1
		}
	}
	if hi+1 < s.hi && toks[hi].low == "," {
		if e := capRun(toks, hi+1, s.hi); e > hi+1 && (e >= s.hi || toks[e].low == ",") {
			who, hi = d.span(hi+1, e), e
			if e+3 < s.hi && toks[e].low == "," && toks[e+1].low == "and" && toks[e+2].is("his", "her", "their") {
				hi = e + 4
			}
		}
	}
	if who == "" {
		who = org
		org = ""
	}
	if org != "" && who != "" {
		who += " (" + org + ")"
	}
	return hi, who
}

// clauseEnd is the first comma, semicolon or colon at or after i, or the
// end of the sentence without its final stop.
//
// It looks at most maxClause tokens ahead, so that a run-on "sentence" of a
// megabyte cannot make extraction quadratic.
func clauseEnd(toks []token, i, hi int) int {
	hi = min(hi, i+maxClause)
	for k := i; k < hi; k++ {
		if toks[k].is(",", ";", ":") {
			return k
		}
	}
	return trimStop(toks, i, hi)
}

func sentenceBodyEnd(toks []token, s sentence, i int) int {
	return trimStop(toks, s.lo, min(s.hi, i+maxClause))
}

// clauseStart is the sentence start, or maxClause tokens before i in a
// run-on sentence.
func clauseStart(s sentence, i int) int { return max(s.lo, i-maxClause) }

// maxClause bounds every span a rule builds around a cue, in tokens.
const maxClause = 80

func trimStop(toks []token, lo, hi int) int {
	for hi > lo+1 && toks[hi-1].kind == tPunct && toks[hi-1].is(".", "!", "?", "\"", "'") {
		hi--
	}
	return hi
}

// orgName reads a proper name from k, through joiners ("National Bureau of
// Statistics") and a trailing "(NBS)". It returns the end and the name to
// record: the acronym when the text gives one, as later mentions use it.
func (d *doc) orgName(k, hi int) (int, string) {
	toks := d.toks
	e := k
	for e < hi && e < k+8 && (toks[e].capital() || nameJoiners[toks[e].low] && e+1 < hi && toks[e+1].capital()) {
		e++
		if toks[e-1].possessive() {
			return e, d.span(k, e)
		}
	}
	if e+2 < hi && toks[e].low == "(" && toks[e+2].low == ")" && toks[e+1].capital() {
		return e + 3, toks[e+1].text
	}
	return e, stripTitles(toks, k, e, d.text)
}
