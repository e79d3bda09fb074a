package extract

import "strings"

// speechAttribution handles a speech verb outside quotation marks, in three
// orders: "X, head of Y, says …", "…, added Zheng, chairman of …" and
// "X did this, pledging to …".
func (d *doc) speechAttribution(s sentence, si, i int) (mention, bool) {
	toks := d.toks
	t := toks[i]
	if i > s.lo && toks[i-1].is(beVerbs...) && !(i+1 < s.hi && toks[i+1].is("by")) {
		// "The number of voters was reported to be …": a passive with no
		// agent names no source.
		return mention{}, false
	}
	after := i > s.lo && (toks[i-1].low == "," || toks[i-1].low == "\"")
	if after && i+1 < s.hi && !strings.HasSuffix(t.low, "ing") {
		if e := capRun(toks, i+1, s.hi); e > i+1 {
			return mention{lo: i, hi: sentenceBodyEnd(toks, s, i), sent: si, kind: KindAttribution, raw: d.span(i+1, e), cue: t.low}, true
		}
		if pronouns[toks[i+1].low] && (i+2 >= s.hi || toks[i+2].kind == tPunct) {
			return mention{lo: clauseStart(s, i), hi: i + 2, sent: si, kind: KindAttribution, raw: toks[i+1].low, cue: t.low}, true
		}
	}
	// "Imports fell 8.4%, the customs agency said on Friday": a reporting
	// clause after the statement names the speaker right before the verb.
	// The claim is the reporting clause, as with "…, added Zheng": the
	// statement before it carries claims of its own.
	if c := lastComma(toks, clauseStart(s, i), i); c >= 0 && c+1 < i && !strings.HasSuffix(t.low, "ing") {
		if who := d.reportingSubject(c+1, i); who != "" {
			return mention{lo: c + 1, hi: trimStop(toks, i, clauseEnd(toks, i+1, s.hi)), sent: si, kind: KindAttribution, raw: who, cue: t.low}, true
		}
	}
	lo := clauseStart(s, i)
	if introWords[toks[lo].low] {
		for k := lo; k < i; k++ {
			if toks[k].low == "," {
				lo = k + 1
				break
			}
		}
	}
	if lo >= i {
		return mention{}, false
	}
	who := d.subjectName(lo, i)
	if who == "" {
		who = d.reportingSubject(lo, i) // "The ministry said …"
	}
	if who == "" {
		return mention{}, false
	}
	return mention{lo: lo, hi: d.reportEnd(i, clauseEnd(toks, i+1, s.hi)), sent: si, kind: KindAttribution, raw: who, cue: t.low}, true
}

// beVerbs make a passive of the participle after them.
var beVerbs = []string{"is", "are", "was", "were", "be", "been", "being"}

// reportEnd ends a speaker-first attribution at its verb when what was
// reported holds an amount or a percentage: in "X said on Monday it would invest $3 billion
// in …" the amount is the checkable claim and the attribution is "X said".
func (d *doc) reportEnd(verb, hi int) int {
	for k := verb + 1; k < hi; k++ {
		if o := int(d.owner[k]) - 1; o >= 0 && !d.cands[o].gone {
			switch d.cands[o].kind {
			case KindMoney, KindPercentage:
				return verb + 1
			}
		}
	}
	return hi
}

// subjectName names the subject that opens [lo, i): a capitalised name, the
// acronym in parentheses after an organisation, or a pronoun.
func (d *doc) subjectName(lo, i int) string {
	toks := d.toks
	// "PBOC governor Pan Gongsheng also said": the name next to the verb
	// is the speaker, whatever role words precede it.
	j := i
	for j > lo && toks[j-1].is("also", "later", "previously", "recently", "further", "has", "had", "have", "then") {
		j--
	}
	if b := j; b > lo && toks[b-1].capital() {
		for b > lo && toks[b-1].capital() && j-b < 4 {
			b--
		}
		if j-b >= 2 && b > lo && !toks[b-1].is(",", "(") {
			return stripTitles(toks, b, j, d.text)
		}
	}
	k := lo
	if toks[k].is("the") {
		k++
	}
	if k < i && pronouns[toks[k].low] {
		return toks[k].low
	}
	if k >= i || !toks[k].capital() {
		return ""
	}
	e := k
	for e < i && (toks[e].capital() || nameJoiners[toks[e].low] && e+1 < i && toks[e+1].capital()) {
		e++
	}
	if e+2 < i && toks[e].low == "(" && toks[e+2].low == ")" && toks[e+1].capital() {
		return toks[e+1].text
	}
	if toks[e-1].possessive() {
		// "China’s top economic official": the official speaks, not China.
		for e < i && e < k+8 && toks[e].kind == tWord && !toks[e].capital() && !stopwords[toks[e].low] {
			e++
		}
		return d.span(k, e)
	}
	return strings.TrimSuffix(strings.TrimSuffix(d.span(k, e), "’s"), "'s")
}

func lastComma(toks []token, lo, i int) int {
	for k := i - 1; k >= lo; k-- {
		if toks[k].low == "," {
			return k
		}
	}
	return -1
}

// reportingSubject reads the whole of [lo, i) as the subject of a reporting
// clause: a name ("Premier Li Qiang"), a pronoun, or a short noun phrase
// opened by an article ("the customs agency").
func (d *doc) reportingSubject(lo, i int) string {
	toks := d.toks
	if i-lo > 6 {
		return ""
	}
	for k := lo; k < i; k++ {
		if toks[k].kind != tWord {
			return ""
		}
	}
	switch {
	case i-lo == 1 && pronouns[toks[lo].low]:
		return toks[lo].low
	case toks[lo].capital() && capRun(toks, lo, i) == i:
		return stripTitles(toks, lo, i, d.text)
	case toks[lo].is("the", "a", "an") && i-lo >= 2:
		return d.span(lo+1, i)
	}
	return ""
}

// titles are honorifics and offices written before a name; the speaker is
// the person, so "Premier Li Qiang" is recorded as Li Qiang.
var titles = setOf("premier", "president", "mr", "mrs", "ms", "dr", "prof", "professor", "minister",
	"chairman", "chairwoman", "secretary", "governor", "senator", "sen", "rep", "gen", "general",
	"chancellor", "vice", "prime", "sir", "judge", "justice", "commissioner", "ambassador", "mayor",
	"chief", "executive", "director", "spokesman", "spokeswoman", "spokesperson", "premier's")

func stripTitles(toks []token, lo, hi int, text string) string {
	for lo < hi-1 && (titles[toks[lo].low] || toks[lo].low == ".") {
		lo++
	}
	return text[toks[lo].start:toks[hi-1].end]
}
