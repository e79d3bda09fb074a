package extract

import "fmt"

// yearHeads returns the words a year modifies: "2025 Economic Revamp" gives
// economic and revamp. A year that modifies nothing ("in 2026.") has none,
// and is not compared: there is no telling what it dates.
func (d *doc) yearHeads(c cand) []string {
	var out []string
	for k := c.hi; k < len(d.toks) && k < c.hi+3; k++ {
		t := d.toks[k]
		if t.kind != tWord || stopwords[t.low] || k > c.hi && t.space && d.toks[k-1].kind == tPunct {
			break
		}
		out = append(out, t.base())
	}
	return out
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
			detail := fmt.Sprintf("headline %q says %s; body %q says %s for the same %s", t.Text, ty, b.Text, by, w)
			b.Checks = append(b.Checks, Check{"headline_year", Fail, detail})
			t.Checks = append(t.Checks, Check{"headline_year", Fail, detail})
		}
	}
}
