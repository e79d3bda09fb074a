package match

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/claimledger/claimledger/domain/extract"
)

// bucketWidth is the width of a value bucket on a log scale: wider than the
// tolerance, so two values within it lie in one bucket or in neighbours.
var bucketWidth = math.Log(1 + 2*extract.SameValueTolerance)

func bucket(v float64) int { return int(math.Floor(math.Log(v) / bucketWidth)) }

// Keys are the index buckets a claim is filed under. A claim without a
// figure, a subject, a speaker or a date has none and is never matched.
func Keys(c Claim) []string {
	return c.keys(0)
}

// Lookup are the buckets to search for the candidates of c: its own, and
// for figures the neighbouring value buckets too.
func Lookup(c Claim) []string {
	return c.keys(1)
}

func (c Claim) keys(spread int) []string {
	set := map[string]bool{}
	switch {
	case numericKinds[c.Kind]:
		for _, a := range c.amounts() {
			b := bucket(a.value)
			for d := -spread; d <= spread; d++ {
				set["v|"+c.Kind+"|"+a.unit+"|"+strconv.Itoa(b+d)] = true
			}
		}
		if s := strings.Fields(c.str("subject")); len(s) > 0 {
			for _, u := range c.units(c.str("unit")) {
				set["s|"+c.Kind+"|"+u+"|"+s[0]] = true
				set["s|"+c.Kind+"|"+u+"|"+s[len(s)-1]] = true
			}
		}
	case speechKinds[c.Kind]:
		if s := c.speaker(); s != "" {
			set["p|"+s] = true
		}
	case c.Kind == "date":
		if d := c.str("date"); d != "" {
			set["d|"+d] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
