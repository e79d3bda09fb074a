// Package field holds the input rules the domain packages share, so an id
// means the same thing for an article, a claim and a reviewer.
package field

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// IDProblem says what is wrong with s as an id of at most max bytes, or ""
// when nothing is: 1..max bytes of valid UTF-8 without spaces or control
// characters. Actors ("by", reviewers, editors) follow the same rule: they
// end up in the same places ids do.
func IDProblem(s string, max int) string {
	switch {
	case s == "":
		return "required"
	case len(s) > max:
		return fmt.Sprintf("longer than %d bytes", max)
	case !utf8.ValidString(s):
		return "not valid UTF-8"
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return "contains a space or a control character"
	}
	return ""
}
