package grpcadapter

import (
	"fmt"
	"unicode/utf8"
)

// maxMessageBytes bounds an error message, which may quote what the caller
// sent, and maxLoggedBytes a value a log line carries: a 10 KB value must
// not come back whole, nor fill the log.
const (
	maxMessageBytes = 1024
	maxLoggedBytes  = 128
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
