package claim

import "strings"

// DismissCode says why a claim was taken out of review, in a form the
// extraction statistics can count; the free text goes in the reason.
type DismissCode string

const (
	// DismissNotAClaim: nothing a fact-checker could check (an opinion,
	// background, a fragment): the extractor's false positive.
	DismissNotAClaim DismissCode = "not_a_claim"
	// DismissDuplicate: the same statement is already a claim of the article.
	DismissDuplicate DismissCode = "duplicate"
	// DismissOther: a checkable claim the desk will not review.
	DismissOther DismissCode = "other"
	// DismissUnspecified is the code of a dismissal recorded before codes
	// existed, or made without one.
	DismissUnspecified DismissCode = "unspecified"
)

// DismissCodes lists the codes a caller may give.
func DismissCodes() []DismissCode {
	return []DismissCode{DismissNotAClaim, DismissDuplicate, DismissOther}
}

// ParseDismissCode accepts a code a caller may give; "" is
// DismissUnspecified, so that callers from before codes keep working.
func ParseDismissCode(s string) (DismissCode, error) {
	if s == "" {
		return DismissUnspecified, nil
	}
	for _, c := range DismissCodes() {
		if DismissCode(s) == c {
			return c, nil
		}
	}
	names := make([]string, 0, len(DismissCodes()))
	for _, c := range DismissCodes() {
		names = append(names, string(c))
	}
	return "", invalid("reason_code", "unknown code %q (want one of %s)", s, strings.Join(names, ", "))
}
