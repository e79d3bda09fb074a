package extract

import "strings"

// referenceWords name a numbered thing: "Article 4", "Resolution 2231".
var referenceWords = setOf("article", "section", "resolution", "regulation", "directive", "chapter",
	"amendment", "bill", "flight", "case", "order", "rule", "clause", "paragraph", "annex", "title", "act", "decree", "law")

var nameJoiners = setOf("of", "the", "and", "for", "on", "de")

// scanIdentifiers adds names that pin down one institution, document or code:
// "the Fourth Session of the 14th National People's Congress (NPC)",
// "Article 4", "CVE-2024-3094".
func (d *doc) scanIdentifiers(si int) {
	s := d.sents[si]
	toks := d.toks
	for i := s.lo; i < s.hi; i++ {
		t := toks[i]
		if d.used[i] || t.kind == tPunct || t.kind == tWord && t.class&(cOrdinal|cReference) == 0 && !t.capital() {
			continue
		}
		if n, next, ok := ordinalAt(toks, i, s.hi); ok && n > 0 && (t.kind == tNum || t.capital() && i > s.lo) {
			if hi := d.properNameEnd(s, next); hi > next {
				d.add(cand{kind: KindIdentifier, lo: i, hi: hi, sent: si, value: &Value{Cue: "ordinal name"}})
				i = hi - 1
				continue
			}
		}
		if t.capital() && referenceWords[t.low] && i+1 < s.hi && toks[i+1].kind == tNum && toks[i+1].plain && toks[i+1].space {
			if _, yr := isYear(toks[i+1]); !yr || t.low != "act" {
				d.add(cand{kind: KindIdentifier, lo: i, hi: i + 2, sent: si, value: &Value{Cue: t.low}})
				i++
				continue
			}
		}
		if t.kind == tWord && codeLike(t.text) {
			d.add(cand{kind: KindIdentifier, lo: i, hi: i + 1, sent: si, value: &Value{Cue: "code"}})
		}
	}
}

// properNameEnd extends a run of capitalised words from i, through joiners
// such as "of the" and further ordinals, and a trailing "(ACRONYM)".
func (d *doc) properNameEnd(s sentence, i int) int {
	toks := d.toks
	hi := i
	for j := i; j < s.hi; {
		if d.used[j] {
			break
		}
		if toks[j].capital() {
			j++
			hi = j
			continue
		}
		if _, n, ok := ordinalAt(toks, j, s.hi); ok && j > i {
			j = n
			continue
		}
		if nameJoiners[toks[j].low] && j > i {
			j++
			continue
		}
		break
	}
	if hi > i && hi+2 < s.hi && toks[hi].low == "(" && toks[hi+1].kind == tWord &&
		strings.ToUpper(toks[hi+1].text) == toks[hi+1].text && toks[hi+2].low == ")" {
		hi += 3
	}
	return hi
}

func codeLike(w string) bool {
	upper, digits, dash := 0, 0, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'A' && c <= 'Z':
			upper++
		case c >= '0' && c <= '9':
			digits++
		case c == '-':
			dash = true
		case c >= 'a' && c <= 'z':
			return false
		}
	}
	return upper >= 2 && digits >= 4 && dash
}

var superlatives = setOf("largest", "biggest", "highest", "lowest", "smallest", "fastest", "slowest",
	"richest", "poorest", "strongest", "weakest", "oldest", "youngest", "deadliest", "busiest",
	"longest", "tallest", "cheapest", "costliest", "worst", "best-selling", "most-valuable", "hottest")

// scanRankings adds positions in an order: "the world’s largest", "the
// second-largest economy", "ranked third", "No. 1".
func (d *doc) scanRankings(si int) {
	s := d.sents[si]
	toks := d.toks
	for i := s.lo; i < s.hi; i++ {
		if d.used[i] || toks[i].kind != tWord || toks[i].class&cRanking == 0 {
			continue
		}
		t := toks[i]
		word, rank := t.low, 1
		if k := strings.IndexByte(word, '-'); k > 0 {
			if n, ok := ordinalWords[word[:k]]; ok {
				word, rank = word[k+1:], n
			}
		}
		switch {
		case superlatives[word] && i > s.lo && (toks[i-1].is("the", "its", "their", "his", "her", "our") || toks[i-1].possessive() || ordinalWords[toks[i-1].low] > 0):
			lo := i - 1
			if n := ordinalWords[toks[i-1].low]; n > 0 {
				rank = n
				if lo > s.lo && (toks[lo-1].low == "the" || toks[lo-1].possessive()) {
					lo--
				}
			}
			if lo > s.lo && toks[lo].possessive() && toks[lo-1].low == "the" {
				lo--
			}
			hi := i + 1
			for hi < s.hi && hi < i+3 && toks[hi].kind == tWord && toks[hi].text == toks[hi].low && !stopwords[toks[hi].low] && !d.used[hi] {
				if hi > i+1 && (verbLike(toks[hi].low) || verbLike(toks[hi-1].low)) {
					break // "economy faces", "providers make": the noun phrase has ended
				}
				hi++
			}
			if d.free(lo, hi) {
				d.add(cand{kind: KindRanking, lo: lo, hi: hi, sent: si, value: &Value{Rank: rank, Cue: word}})
				i = hi - 1
			}
		case t.is("ranked", "ranks", "rank") && i+1 < s.hi:
			j := i + 1
			if toks[j].is("no", "number") {
				j++
				if j < s.hi && toks[j].low == "." {
					j++
				}
			}
			if j < s.hi {
				if n, next, ok := ordinalAt(toks, j, s.hi); ok {
					d.add(cand{kind: KindRanking, lo: i, hi: next, sent: si, value: &Value{Rank: n, Cue: t.low}})
					i = next - 1
				} else if toks[j].kind == tNum && toks[j].plain && toks[j].num < 1e6 {
					d.add(cand{kind: KindRanking, lo: i, hi: j + 1, sent: si, value: &Value{Rank: int(toks[j].num), Cue: t.low}})
					i = j
				}
			}
		case t.text == "No" && i+2 < s.hi && toks[i+1].low == "." && toks[i+2].kind == tNum && toks[i+2].plain && toks[i+2].num < 1000:
			d.add(cand{kind: KindRanking, lo: i, hi: i + 3, sent: si, value: &Value{Rank: int(toks[i+2].num), Cue: "No."}})
			i += 2
		}
	}
}

// verbLike tells a third-person verb ("faces") from a noun that ends in s
// ("loss", "status"); it only guards the end of a noun phrase.
func verbLike(w string) bool {
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is")
}
