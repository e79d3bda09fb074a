package app

import (
	"cmp"
	"strings"
)

// CompareClaimIDs is the order in which claims are listed: by article, then
// by the claim's number within its article, which is the text order the
// extractor numbered them in. Comparing ids as strings would put "-100"
// before "-11" once an article has more than 99 claims. Views adapters sort
// by (article id, length of the id, id), which is the same order, since
// claim ids are "<article>-<number>".
func CompareClaimIDs(a, b string) int {
	aa, ba := ArticleOfClaim(a), ArticleOfClaim(b)
	if c := strings.Compare(aa, ba); c != 0 {
		return c
	}
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
