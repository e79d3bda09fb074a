package extract

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tWord tokKind = iota
	tNum
	tPunct
)

// token is one word, number or punctuation mark. Rules match on tokens rather
// than on regular expressions: one linear pass, no backtracking, and every
// span a rule builds starts and ends on a token, hence on a rune boundary.
type token struct {
	start, end int
	kind       tokKind
	text       string
	low        string  // lower case; punctuation with its typographic variants folded
	space      bool    // whitespace (or the start of text) precedes the token
	nl         bool    // a line break precedes the token
	num        float64 // value of a tNum
	plain      bool    // tNum written without thousands separators or decimals
	class      wordClass
}

func (t token) is(words ...string) bool {
	for _, w := range words {
		if t.low == w {
			return true
		}
	}
	return false
}

func (t token) capital() bool {
	if t.kind != tWord {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.text)
	return unicode.IsUpper(r)
}

// base drops a possessive ending, so "China’s" and "China" compare equal.
func (t token) base() string {
	s := t.low
	for _, suf := range []string{"’s", "'s", "’", "'"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			return s[:len(s)-len(suf)]
		}
	}
	return s
}

func (t token) possessive() bool { return t.kind == tWord && t.base() != t.low }

func isSpaceRune(r rune) bool {
	switch r {
	case ' ', '\t', '\v', '\f', 0xA0, 0x200B, 0xFEFF, 0x2060:
		return true
	}
	return r > 0x7f && unicode.IsSpace(r)
}

func isLetterRune(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsMark(r)
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isConnector(r rune) bool {
	return r == '-' || r == '\'' || r == '’' || r == 0x2011 || r == '&'
}

func tokenize(s string, toks []token, lows map[string]string) []token {
	if cap(toks) < len(s)/4+16 {
		toks = make([]token, 0, len(s)/4+16)
	}
	toks = toks[:0]
	space, nl := true, true
	for i := 0; i < len(s); {
		c := s[i]
		var r rune
		w := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case r == '\n' || r == '\r':
			space, nl = true, true
			i += w
			continue
		case isSpaceRune(r):
			space = true
			i += w
			continue
		}
		t := token{start: i, space: space, nl: nl}
		switch {
		case isDigit(c):
			t.kind = tNum
			t.end, t.plain = scanNumber(s, i)
			if t.plain && t.end-i <= 3 {
				if e := spacedThousands(s, t.end); e > t.end {
					t.end, t.plain = e, false
				}
			}
			t.text = s[i:t.end]
			t.low = t.text
			t.num = parseNumber(t.text)
		case isLetterRune(r):
			t.kind = tWord
			t.end = scanWord(s, i)
			t.text = s[i:t.end]
			t.low = lowerInterned(t.text, lows)
			t.class = classify(t.low)
		default:
			t.kind = tPunct
			t.end = i + w
			t.text = s[i:t.end]
			t.low = t.text
			if f, ok := punctFold[t.text]; ok {
				t.low = f
			}
		}
		toks = append(toks, t)
		i = t.end
		space, nl = false, false
	}
	return toks
}

func scanNumber(s string, i int) (int, bool) {
	plain, dot := true, false
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	for j+1 < len(s) {
		switch {
		case s[j] == ',' && !dot && j+3 < len(s) &&
			isDigit(s[j+1]) && isDigit(s[j+2]) && isDigit(s[j+3]) && (j+4 == len(s) || !isDigit(s[j+4])):
			j += 4
			plain = false
			continue
		case s[j] == '.' && !dot && isDigit(s[j+1]):
			dot, plain = true, false
			j++
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			continue
		}
		break
	}
	return j, plain
}

// spacedThousands reads the groups of a number written with spaces between
// its thousands, "56 949 009" or "12\u202f000", and returns where it ends
// (end itself when there are none). A typographic narrow or non-breaking
// space is a separator in itself; a plain space only between at least two
// groups, so "on May 24 100 people" stays two numbers.
func spacedThousands(s string, end int) int {
	groups, typographic := 0, false
	j := end
	for {
		k, w := j, 0
		switch {
		case strings.HasPrefix(s[k:], " "):
			w = 1
		case strings.HasPrefix(s[k:], "\u00a0"), strings.HasPrefix(s[k:], "\u202f"), strings.HasPrefix(s[k:], "\u2009"):
			w, typographic = len("\u00a0"), true
			if !strings.HasPrefix(s[k:], "\u00a0") {
				w = len("\u202f")
			}
		}
		if w == 0 || k+w+3 > len(s) || !isDigit(s[k+w]) || !isDigit(s[k+w+1]) || !isDigit(s[k+w+2]) ||
			k+w+3 < len(s) && (isDigit(s[k+w+3]) || isLetterByte(s[k+w+3])) {
			break
		}
		j = k + w + 3
		groups++
	}
	if groups >= 2 || groups == 1 && typographic {
		return j
	}
	return end
}

var numberSeparators = strings.NewReplacer(",", "", " ", "", "\u00a0", "", "\u202f", "", "\u2009", "")

func isLetterByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func parseNumber(text string) float64 {
	if strings.ContainsAny(text, ", \u00a0\u202f\u2009") {
		text = numberSeparators.Replace(text)
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) {
		return math.NaN()
	}
	return f
}

func scanWord(s string, i int) int {
	j := i
	for j < len(s) {
		r, w := utf8.DecodeRuneInString(s[j:])
		if r >= '0' && r <= '9' && j-i == 3 && j > i && !isDigit(s[j-1]) && currencyCodes[strings.ToLower(s[i:j])] && strings.ToUpper(s[i:j]) == s[i:j] {
			return j // "RMB250": a currency code glued to its amount
		}
		if isLetterRune(r) || r >= '0' && r <= '9' {
			j += w
			continue
		}
		if isConnector(r) && j+w < len(s) {
			n, _ := utf8.DecodeRuneInString(s[j+w:])
			if isLetterRune(n) || n >= '0' && n <= '9' {
				j += w
				continue
			}
		}
		break
	}
	return j
}
