package grpcadapter

import (
	"fmt"
	"unicode/utf8"
)

// maxEchoedBytes bounds a value a caller sent that an error message quotes
// back, and maxLoggedBytes one that a log line carries: a 10 KB id must
// not come back whole, nor fill the log.
const (
	maxEchoedBytes = 64
	maxLoggedBytes = 128
)

// truncate cuts s to at most n bytes on a rune boundary, saying how long it
// was, so an echoed value stays recognisable but bounded.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:cut], len(s))
}
