package extract

import "strings"

// punctFold maps typographic variants to one spelling so word lists and the
// duplicate detector need not know every dash and quote.
var punctFold = map[string]string{
	"–": "-", "—": "-", "‒": "-", "−": "-", "―": "-",
	"“": "\"", "”": "\"", "„": "\"", "″": "\"", "«": "\"", "»": "\"",
	"‘": "'", "’": "'", "…": "...",
}

// lowerInterned lower-cases a word, reusing the string of an earlier word
// with the same spelling: capitalised words repeat (names, sentence starts),
// and one allocation per distinct word keeps tokenizing fast.
func lowerInterned(w string, seen map[string]string) string {
	upper := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			return strings.ToLower(w)
		}
		if c >= 'A' && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return w
	}
	var buf [64]byte
	if len(w) > len(buf) {
		return strings.ToLower(w)
	}
	b := buf[:len(w)]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	if l, ok := seen[string(b)]; ok {
		return l
	}
	l := string(b)
	seen[l] = l
	return l
}
