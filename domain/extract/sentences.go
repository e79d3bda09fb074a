package extract

// sentence is a token range [lo, hi) with its byte span. para counts lines:
// news text puts one paragraph, caption or bullet on each line.
type sentence struct {
	lo, hi     int
	start, end int
	para       int
	dup        bool // repeats an earlier sentence (a headline echoed at the top, a caption shown twice)
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = setOf("mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "ltd", "co", "corp",
	"no", "vs", "etc", "prof", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt", "fig",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est")

var bullets = setOf("•", "‣", "▪", "◦", "·", "*", "●", "-", "■")

func splitSentences(toks []token, out []sentence) []sentence {
	out = out[:0]
	para := -1
	lo := 0
	run := 0 // first piece of a run-on sentence cut at maxSentence
	flush := func(hi int, cut bool) {
		for lo < hi && toks[lo].kind == tPunct && bullets[toks[lo].low] {
			lo++
		}
		if lo < hi {
			out = append(out, sentence{lo: lo, hi: hi, start: toks[lo].start, end: toks[hi-1].end, para: para})
		}
		lo = hi
		if cut {
			return
		}
		// The pieces of a cut sentence keep the whole sentence as their
		// context, so a claim's context is the text as written.
		if len(out)-run > 1 {
			for k := run; k < len(out); k++ {
				out[k].start, out[k].end = out[run].start, out[len(out)-1].end
			}
		}
		run = len(out)
	}
	for i := range toks {
		if toks[i].nl {
			flush(i, false)
			para++
			lo = i
		}
		if i+1 < len(toks) && endsSentence(toks, i) {
			j := i + 1
			for j < len(toks) && !toks[j].space && toks[j].kind == tPunct && closers[toks[j].low] {
				j++
			}
			if j < len(toks) && (toks[j].nl || toks[j].space && opensSentence(toks[j]) || glued(toks, i, j)) {
				flush(j, false)
			}
		}
		// A run-on "sentence" is cut at a clause mark past maxSentence
		// tokens, or anywhere past twice that: rules compare the claims of
		// one sentence pairwise, so its length must be bounded for the
		// work to stay linear in the text.
		if n := i + 1 - lo; n >= 2*maxSentence || n >= maxSentence && toks[i].is(",", ";") {
			flush(i+1, true)
		}
	}
	flush(len(toks), false)
	return out
}

// maxSentence is far beyond any sentence of news prose, in tokens.
const maxSentence = 2 * maxClause

// glued reads a full stop with no space after it, between a lower-case
// word and a capitalised one ("would take.The deal"), as a sentence end
// lost in copying; initials and dotted acronyms have a capital before it.
func glued(toks []token, i, j int) bool {
	if i == 0 || j != i+1 {
		return false
	}
	p, n := toks[i-1], toks[j]
	return !n.space && n.kind == tWord && n.capital() && len(n.text) > 1 &&
		p.kind == tWord && !p.capital() && len(p.text) > 2
}

var closers = setOf("\"", "'", ")", "]")

func endsSentence(toks []token, i int) bool {
	t := toks[i]
	if t.kind != tPunct || !(t.low == "." || t.low == "!" || t.low == "?" || t.low == "...") {
		return false
	}
	if t.low != "." || i == 0 {
		return true
	}
	p := toks[i-1]
	if p.kind == tWord && !t.space {
		if abbreviations[p.low] {
			return false
		}
		// Initials and dotted acronyms: "U.S." or "J. Smith".
		if len(p.text) == 1 && p.capital() {
			return false
		}
	}
	return true
}

func opensSentence(t token) bool {
	switch t.kind {
	case tNum:
		return true
	case tWord:
		return t.capital()
	}
	return t.low == "\"" || t.low == "'" || t.low == "(" || bullets[t.low]
}

// dupKey folds case, dashes and quotes so a headline repeated with an en dash
// instead of a hyphen still counts as the same sentence. It is a 64-bit
// FNV-1a hash of the folded tokens: deterministic, and a collision needs two
// different sentences of one article to meet in 2^64.
func dupKey(toks []token, s sentence) uint64 {
	h := uint64(14695981039346656037)
	for _, t := range toks[s.lo:s.hi] {
		for i := 0; i < len(t.low); i++ {
			h ^= uint64(t.low[i])
			h *= 1099511628211
		}
		h ^= ' '
		h *= 1099511628211
	}
	return h
}

// markDuplicates flags sentences already seen, in the title or earlier in the
// body; their claims were reported once already.
func markDuplicates(toks []token, sents []sentence, seen map[uint64]bool) {
	for i := range sents {
		if sents[i].hi-sents[i].lo < 3 {
			continue
		}
		k := dupKey(toks, sents[i])
		if seen[k] {
			sents[i].dup = true
			continue
		}
		seen[k] = true
	}
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
