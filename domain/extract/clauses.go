package extract

// Cue phrases, matched on lower-case words. A comparison, event or forecast
// is reported for the clause holding its cue.
var comparisonCues = [][]string{
	{"compared", "to"}, {"compared", "with"}, {"exceed"}, {"exceeds"}, {"exceeded"},
	{"surpass"}, {"surpasses"}, {"surpassed"}, {"outpace"}, {"outpaces"}, {"outpaced"},
	{"outperform"}, {"outperforms"}, {"outperformed"}, {"similar", "to"}, {"on", "par", "with"},
	{"fraction", "of", "the"}, {"match", "the"}, {"matches", "the"}, {"matched", "the"},
	{"the", "same", "as"}, {"twice", "as"}, {"times", "as"}, {"times", "more"}, {"times", "larger"}, {"times", "higher"}, {"times", "lower"},
	{"times", "faster"}, {"times", "bigger"}, {"times", "smaller"}, {"times", "cheaper"},
	{"higher", "than"}, {"lower", "than"}, {"larger", "than"}, {"bigger", "than"}, {"smaller", "than"},
	{"cheaper", "than"}, {"faster", "than"}, {"slower", "than"}, {"better", "than"}, {"worse", "than"},
	{"greater", "than"}, {"rivals", "those"}, {"lags", "behind"}, {"trails"}, {"unlike"},
	{"twice", "the"}, {"times", "the"}, {"half", "the", "size"}, {"below", "that", "of"}, {"above", "that", "of"},
	{"below", "those", "of"}, {"above", "those", "of"},
}

var eventCues = [][]string{
	{"takes", "effect"}, {"took", "effect"}, {"take", "effect"}, {"came", "into", "force"},
	{"comes", "into", "force"}, {"come", "into", "force"}, {"entered", "into", "force"},
	{"enforceable"}, {"signed", "into", "law"}, {"banned"}, {"plummeted"}, {"plunged"}, {"soared"},
	{"surged"}, {"tumbled"}, {"slumped"}, {"crashed"}, {"collapsed"}, {"rallied"}, {"launched"},
	{"resigned"}, {"was", "elected"}, {"were", "killed"}, {"was", "killed"}, {"died"},
	{"was", "arrested"}, {"were", "arrested"}, {"sued"}, {"acquired"}, {"merged"},
	{"filed", "for", "bankruptcy"}, {"went", "bankrupt"}, {"was", "sentenced"}, {"was", "convicted"},
	{"launched"}, {"unveiled"}, {"signed"}, {"approved"}, {"imposed"}, {"introduced"}, {"released"},
	{"blocked"}, {"halted"}, {"suspended"}, {"appointed"}, {"rejected"}, {"lifted"}, {"scrapped"},
	{"threatened", "to"}, {"have", "threatened"}, {"has", "threatened"},
}

var forecastCues = [][]string{
	{"will"}, {"is", "expected", "to"}, {"are", "expected", "to"}, {"expected", "to"},
	{"forecast", "to"}, {"projected", "to"}, {"predicted", "to"}, {"is", "set", "to"},
	{"are", "set", "to"}, {"poised", "to"}, {"likely", "to"}, {"on", "track", "to"}, {"forecasts"},
	{"predicts"},
}

var forecastVerbs = setOf("rise", "fall", "grow", "reach", "hit", "exceed", "top", "surpass", "double",
	"triple", "halve", "decline", "drop", "increase", "decrease", "shrink", "expand", "climb", "slow",
	"accelerate", "contract", "rebound", "recover", "overtake", "peak")

// cueAt reports the length of the first cue that starts at toks[i].
func cueAt(toks []token, i, hi int, cues map[string][][]string) int {
	if toks[i].class&cCue == 0 {
		return 0
	}
	for _, c := range cues[toks[i].low] {
		if i+len(c) > hi || toks[i].low != c[0] {
			continue
		}
		ok := true
		for k := 1; k < len(c); k++ {
			if toks[i+k].low != c[k] {
				ok = false
				break
			}
		}
		if ok {
			return len(c)
		}
	}
	return 0
}

// clauseOf returns the comma-delimited clause around token i.
func clauseOf(toks []token, s sentence, i int) (int, int) {
	lo := i
	for lo > clauseStart(s, i) && !toks[lo-1].is(",", ";", ":", "-") {
		lo--
	}
	return lo, clauseEnd(toks, i, s.hi)
}

// scanClauses adds comparisons, events and forecasts. Numbers win: a clause
// that already holds an amount or a date reports its comparison or forecast
// on that claim (as modality), and an event with a date is the date's claim.
func (d *doc) scanClauses() {
	toks := d.toks
	d.markCovered()
	d.headlineEvent()
	for si, s := range d.sents {
		if s.dup {
			continue
		}
		done := -1
		for i := s.lo; i < s.hi; i++ {
			if i < done || d.inQuote[i] {
				continue
			}
			n := cueAt(toks, i, s.hi, comparisonIndex)
			if n == 0 {
				n = comparativeAt(toks, i, s.hi)
			}
			if n > 0 && !d.qualifierThan(i, n, s.hi) {
				lo, hi := clauseOf(toks, s, i)
				if c := d.numericIn(si, lo, hi); c >= 0 {
					d.cands[c].value.Cue = "compared"
				} else if !d.overlapsComparison(lo, hi) {
					d.cands = append(d.cands, cand{kind: KindComparison, lo: lo, hi: hi, sent: si, value: &Value{Cue: spanLow(toks, i, i+n)}})
					d.lastComparison = [2]int{lo, hi}
				}
				done = hi
				continue
			}
			if n := cueAt(toks, i, s.hi, forecastIndex); n > 0 && i+n < s.hi {
				j := i + n
				if j+1 < s.hi && toks[j].kind == tWord && !forecastVerbs[toks[j].low] && len(toks[j].low) > 2 && toks[j].low[len(toks[j].low)-2:] == "ly" {
					j++ // "will likely", "will sharply"
				}
				if forecastVerbs[toks[j].low] {
					lo, hi := clauseOf(toks, s, i)
					if c := d.numericIn(si, lo, hi); c >= 0 {
						d.cands[c].value.Modality = "forecast"
					} else {
						d.cands = append(d.cands, cand{kind: KindPrediction, lo: lo, hi: hi, sent: si, value: &Value{Cue: spanLow(toks, i, i+n)}})
					}
					done = hi
					continue
				}
			}
			if toks[i].is("expect", "expects", "predict", "predicts") && i > s.lo && d.expectTo(i, s.hi) {
				// "Lawyers expect the ruling to push …": a forecast with its
				// subject between the verb and "to".
				lo, hi := clauseOf(toks, s, i)
				if c := d.numericIn(si, lo, hi); c >= 0 {
					d.cands[c].value.Modality = "forecast"
				} else {
					d.cands = append(d.cands, cand{kind: KindPrediction, lo: lo, hi: hi, sent: si, value: &Value{Cue: toks[i].low}})
				}
				done = hi
				continue
			}
			if n := cueAt(toks, i, s.hi, eventIndex); n > 0 {
				lo, hi := clauseOf(toks, s, i)
				// ", unveiled at the session," describes a noun; an event
				// needs its subject in the clause (or opens the sentence).
				if lo == i && lo > s.lo {
					continue
				}
				if !d.anyIn(si, lo, hi) {
					d.cands = append(d.cands, cand{kind: KindEvent, lo: lo, hi: hi, sent: si, value: &Value{Cue: spanLow(toks, i, i+n)}})
				}
				done = hi
				continue
			}
			if h := d.actionEvent(si, s, i); h >= 0 {
				done = h
			}
		}
	}
}

// qualifierThan tells "more than 100" (a hedge on a number) from a comparison.
func (d *doc) qualifierThan(i, n, hi int) bool {
	j := i + n
	return d.toks[j-1].low == "than" && j < hi && (d.toks[j].kind == tNum || d.used[j])
}

// indexBySentence lists the claims of each sentence, so clause rules look at
// a handful of claims rather than the whole article.
//
// It is a counting sort into one flat slice: two allocations per doc rather
// than one per sentence.
func (d *doc) indexBySentence() {
	off := make([]int, len(d.sents)+1)
	for _, c := range d.cands {
		off[c.sent+1]++
	}
	for i := 1; i < len(off); i++ {
		off[i] += off[i-1]
	}
	flat := make([]int, len(d.cands))
	next := append([]int(nil), off[:len(d.sents)]...)
	for k, c := range d.cands {
		flat[next[c.sent]] = k
		next[c.sent]++
	}
	d.bySent = make([][]int, len(d.sents))
	for i := range d.sents {
		d.bySent[i] = flat[off[i]:off[i+1]:off[i+1]]
	}
}

// numericIn returns a money, percentage, count or quantity claim lying
// inside [lo, hi), or -1. Numeric claims own their tokens, so a look at the
// clause's tokens is enough.
func (d *doc) numericIn(si, lo, hi int) int {
	for k := lo; k < hi; k++ {
		o := int(d.owner[k]) - 1
		if o < 0 {
			continue
		}
		c := d.cands[o]
		if c.lo >= lo && c.hi <= hi && !c.gone && c.value != nil {
			switch c.kind {
			case KindMoney, KindPercentage, KindCount, KindQuantity:
				return o
			}
		}
	}
	return -1
}

// markCovered records the tokens of every claim so far, for anyIn.
func (d *doc) markCovered() {
	for _, c := range d.cands {
		if !c.gone {
			for k := c.lo; k < c.hi; k++ {
				d.covered[k] = true
			}
		}
	}
}

func (d *doc) anyIn(si, lo, hi int) bool {
	for k := lo; k < hi; k++ {
		if d.covered[k] {
			return true
		}
	}
	return false
}

// overlapsComparison reports whether [lo, hi) overlaps the last comparison
// added; comparisons are added left to right, so the last is the only one
// that can.
func (d *doc) overlapsComparison(lo, hi int) bool {
	c := d.lastComparison
	return c[1] > c[0] && c[0] < hi && c[1] > lo
}

// expectTo reports whether "to" and a verb follow the verb at i within a
// short noun phrase: "expect the ruling to push", "expects prices to rise".
func (d *doc) expectTo(i, hi int) bool {
	toks := d.toks
	for j := i + 1; j < hi && j <= i+6; j++ {
		if toks[j].kind != tWord {
			return false
		}
		if toks[j].low == "to" {
			return j > i+1 && j+1 < hi && toks[j+1].kind == tWord && !stopwords[toks[j+1].low]
		}
	}
	return false
}
