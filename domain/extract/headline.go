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
func checkHeadlineYear(title, body *doc) {
	for ti := range title.cands {
		tc := &title.cands[ti]
		if tc.gone || tc.kind != KindDate || tc.value.Granularity != "year" {
			continue
		}
		th := title.yearHeads(*tc)
		if len(th) == 0 {
			continue
		}
		conflict := false
		for bi := range body.cands {
			bc := &body.cands[bi]
			if bc.gone || bc.kind != KindDate || bc.value.Granularity != "year" {
				continue
			}
			w, ok := sharesHead(th, body.yearHeads(*bc))
			if !ok {
				continue
			}
			if bc.value.Date == tc.value.Date {
				bc.checks = append(bc.checks, Check{"headline_year", Pass, fmt.Sprintf("agrees with the headline's %s (%s)", tc.value.Date, w)})
				continue
			}
			conflict = true
			detail := fmt.Sprintf("headline %q says %s; body %q says %s for the same %s", title.span(tc.lo, tc.hi), tc.value.Date, body.span(bc.lo, bc.hi), bc.value.Date, w)
			bc.checks = append(bc.checks, Check{"headline_year", Fail, detail})
			tc.checks = append(tc.checks, Check{"headline_year", Fail, detail})
		}
		_ = conflict
	}
}
