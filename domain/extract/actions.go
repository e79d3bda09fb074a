package extract

import "strings"

// Events are read from the shape of a clause rather than from a list of
// verbs: a finite verb in the past or present perfect ("kept", "have
// extended", "was fueled", "did not specify") with a subject before it and
// something acted on after it. Regular past forms are found by their -ed
// ending; the irregular ones are a fixed fact of English, not of any text.

// irregularPast holds the common irregular past forms and participles of
// English (grammar-book list, not words seen in any article).
var irregularPast = setOf("began", "begun", "bought", "brought", "built", "came", "caught",
	"chose", "chosen", "cut", "dealt", "did", "done", "drew", "drawn", "drove", "driven", "fell",
	"fallen", "felt", "fought", "found", "fled", "flew", "flown", "forbade", "forbidden", "froze",
	"frozen", "gave", "given", "got", "gotten", "grew", "grown", "held", "hit", "hung", "hurt",
	"kept", "knew", "known", "laid", "led", "left", "lent", "let", "lost", "made", "meant", "met",
	"overtook", "overtaken", "paid", "put", "quit", "ran", "rose", "risen", "sank", "sunk", "sent",
	"set", "shut", "sold", "sought", "spent", "split", "spread", "stood", "stole", "stolen", "struck",
	"swore", "sworn", "took", "taken", "threw", "thrown", "undertook", "undertaken", "upheld",
	"went", "gone", "withdrew", "withdrawn", "won", "wrote", "written", "beat", "beaten", "bound",
	"broke", "broken", "forgave", "forgiven", "hid", "hidden", "shot", "slid", "spoke", "spoken",
	"swept", "tore", "torn", "wound", "woke", "withheld", "overcame", "overturned", "oversaw", "overseen")

// notFinite are -ed words that are almost never a clause's own past verb.
var notFinite = setOf("need", "speed", "seed", "feed", "breed", "deed", "bed", "red", "shed", "hundred",
	"indeed", "proceed", "exceed", "succeed", "based", "so-called", "called", "named", "listed", "related",
	"used", "detailed", "limited", "united", "advanced", "expected", "estimated", "projected", "planned")

// pastForm reports whether a lower-case word has the shape of an English
// past form or participle.
func pastForm(w string) bool {
	if irregularPast[w] {
		return true
	}
	return len(w) > 4 && strings.HasSuffix(w, "ed") && !notFinite[w] && !strings.ContainsAny(w, "-’'")
}

var perfectAux = setOf("has", "have", "had")

// adverbs that may stand between an auxiliary and its participle.
var midAdverbs = setOf("since", "already", "previously", "also", "recently", "now", "just", "not", "never",
	"long", "repeatedly", "twice", "again", "still", "yet", "earlier", "once")

// finiteAction returns the token of a finite past or perfect verb at i
// ("kept", "has since kept", "was fueled", "did not freeze"), or -1.
func (d *doc) finiteAction(i, lo, hi int) int {
	toks := d.toks
	t := toks[i]
	if t.class&cVerb == 0 || t.kind != tWord || t.capital() && d.part != PartTitle {
		return -1
	}
	skip := func(j int) int {
		for j < hi && j < i+3 && (midAdverbs[toks[j].low] || strings.HasSuffix(toks[j].low, "ly") && toks[j].kind == tWord) {
			j++
		}
		return j
	}
	// A subject stands right before a finite verb or its auxiliary: a noun,
	// a name, a pronoun or a relative "who"/"which"; after an article, a
	// preposition or a conjunction the form is an adjective, or the clause
	// has no subject of its own.
	if i == lo || i == 0 {
		return -1
	}
	k := i - 1
	for k > lo && toks[k].kind == tWord && (midAdverbs[toks[k].low] || strings.HasSuffix(toks[k].low, "ly")) {
		k-- // "the minister recently signed", "but have not yet revealed"
	}
	p := toks[k]
	if p.kind == tPunct || p.kind == tNum && !d.used[k] {
		return -1
	}
	if stopwords[p.low] && !pronouns[p.low] && !p.is("who", "which", "that", "also") {
		return -1
	}
	switch {
	case t.is("did", "didn’t", "didn't"):
		j := skip(i + 1)
		if j > i+1 && j < hi && toks[j].kind == tWord && !stopwords[toks[j].low] && !speechVerbs[toks[j].low] {
			return j
		}
		return -1
	case perfectAux[t.low] || t.is("was", "were"):
		j := skip(i + 1)
		if t.low != "was" && t.low != "were" && j < hi && toks[j].low == "been" {
			j = skip(j + 1)
		}
		if j < hi && pastForm(toks[j].low) && !speechVerbs[toks[j].low] && !d.used[j] {
			return j
		}
		return -1
	case pastForm(t.low) && !speechVerbs[t.low]:
		if p.is("be", "being", "is", "are", "to", "get", "gets", "got") {
			return -1
		}
		return i
	}
	return -1
}

// actionEvent adds the clause around a finite action at i as an event when
// nothing else claims it. It reports the clause end, or -1.
func (d *doc) actionEvent(si int, s sentence, i int) int {
	v := d.finiteAction(i, s.lo, s.hi)
	if v < 0 || d.inQuote[v] {
		return -1
	}
	lo, hi := clauseOf(d.toks, s, i)
	// A verb must act on something: an object or complement follows.
	if hi-v < 2 || v == lo {
		return -1
	}
	if d.anyIn(si, lo, hi) {
		return hi
	}
	for k := v + 1; k < hi; k++ {
		// A comparison or forecast later in the clause is the claim.
		if cueAt(d.toks, k, hi, comparisonIndex) > 0 || cueAt(d.toks, k, hi, forecastIndex) > 0 || comparativeAt(d.toks, k, hi) > 0 {
			return -1
		}
	}
	d.cands = append(d.cands, cand{kind: KindEvent, lo: lo, hi: hi, sent: si, value: &Value{Cue: d.toks[v].low}})
	return hi
}

// headlineEvent reads a headline that holds no figure, date or name claim
// as one event: a news headline states what happened ("Board announces
// results"), and its words are capitalised, so clause shape cannot be read.
func (d *doc) headlineEvent() {
	if d.part != PartTitle {
		return
	}
	for si, s := range d.sents {
		words := 0
		for k := s.lo; k < s.hi; k++ {
			if d.toks[k].kind == tWord {
				words++
			}
		}
		if s.dup || words < 4 || d.anyIn(si, s.lo, s.hi) || !d.headlineVerb(s) {
			continue
		}
		d.cands = append(d.cands, cand{kind: KindEvent, lo: s.lo, hi: trimStop(d.toks, s.lo, s.hi), sent: si, value: &Value{Cue: "headline"}})
	}
}

// notComparative are -er words before "than" that do not compare amounts.
var notComparative = setOf("rather", "other", "either", "sooner")

// comparativeAt reads a comparison from its grammar rather than a word
// list: any comparative adjective before "than" ("steeper than"), and a
// state measured against an earlier one ("unchanged from", "up from").
// It returns the cue's length in tokens, or 0.
func comparativeAt(toks []token, i, hi int) int {
	if i+1 >= hi || toks[i].kind != tWord {
		return 0
	}
	w, next := toks[i].low, toks[i+1].low
	switch {
	case next == "than" && len(w) > 4 && strings.HasSuffix(w, "er") && !notComparative[w]:
		return 2
	case next == "from" && w == "unchanged":
		return 2
	}
	return 0
}

// headlineVerb reports whether a headline has a word shaped like a finite
// verb after its first: a third-person present ("Holds", "announces") or
// a regular past form. A headline without one is a label, not a statement.
func (d *doc) headlineVerb(s sentence) bool {
	for k := s.lo + 1; k < s.hi; k++ {
		t := d.toks[k]
		w := t.low
		if t.kind != tWord || len(w) < 4 || t.text == strings.ToUpper(t.text) {
			continue
		}
		if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") && !strings.ContainsAny(w, "’'") {
			return true
		}
		if strings.HasSuffix(w, "ed") && pastForm(w) {
			return true
		}
	}
	return false
}
