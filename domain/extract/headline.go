package extract

import (
	"fmt"
	"strings"
)

// yearHeads reads the words a year modifies, "2025 Economic Revamp" or
// "2024 energy blueprint", and returns the end of the date claim widened to
// them. A year that modifies nothing ("in 2026.") has no heads and is not
// compared: there is no telling what it dates.
func (d *doc) yearHeads(s sentence, i int) (int, []string) {
	var out []string
	k := i
	for ; k < s.hi && k < i+3; k++ {
		t := d.toks[k]
		if t.kind != tWord || stopwords[t.low] || d.used[k] || speechVerbs[t.low] || changeWords[t.low] ||
			k > i && verbLike(t.low) || strings.HasSuffix(t.low, "ed") {
			break
		}
		out = append(out, t.base())
	}
	return k, out
}

func sharesHead(a, b []string) (string, bool) {
	for _, x := range a {
		for _, y := range b {
			if x == y || len(x) >= SubjectPrefix && len(y) >= SubjectPrefix && x[:SubjectPrefix] == y[:SubjectPrefix] {
				return x, true
			}
		}
	}
	return "", false
}

// checkHeadlineYear compares each year in the headline with the years the
// body gives the same thing, recognised by a shared head word: "2025
// Economic Revamp" over "China’s 2024 economic blueprint".
func checkHeadlineYear(cs []Claim, heads map[int][]string) {
	var title, body []int
	for i := range cs {
		if len(heads[i]) == 0 {
			continue
		}
		if cs[i].Part == PartTitle {
			title = append(title, i)
		} else {
			body = append(body, i)
		}
	}
	for _, ti := range title {
		t := &cs[ti]
		for _, bi := range body {
			b := &cs[bi]
			w, ok := sharesHead(heads[ti], heads[bi])
			if !ok {
				continue
			}
			ty, by := t.Value.Date, b.Value.Date
			if ty == by {
				b.Checks = append(b.Checks, Check{"headline_year", Pass, fmt.Sprintf("agrees with the headline's %s (%s)", ty, w)})
				continue
			}
			detail := fmt.Sprintf("headline %q says %s but the body's %q says %s; both name the %q", t.Text, ty, b.Text, by, w)
			b.Checks = append(b.Checks, Check{"headline_year", Fail, detail})
			t.Checks = append(t.Checks, Check{"headline_year", Fail, detail})
		}
	}
}
