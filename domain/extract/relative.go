package extract

import (
	"fmt"
	"strings"
	"time"
)

var relativeDeictic = setOf("this", "last", "next", "past", "coming", "previous", "current")
var relativePeriods = setOf("week", "month", "year", "quarter", "weekend", "decade", "spring",
	"summer", "autumn", "fall", "winter", "season")
var relativeDays = map[string]int{"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}

// relativeAt reads "this week", "last year", "earlier this month", "today"
// and "three weeks ago".
func relativeAt(toks []token, i, hi int) (dateMatch, bool) {
	m := dateMatch{lo: i}
	t := toks[i]
	if t.low == "a" || t.low == "an" {
		// only "a year ago"; checked first because "a" is the commonest word
		if i+2 < hi && timeUnits[toks[i+1].low] != "" && toks[i+2].low == "ago" {
			m.hi, m.gran, m.relative, m.ago = i+3, timeUnits[toks[i+1].low], spanLow(toks, i, i+3), 1
			return m, true
		}
		return m, false
	}
	if _, ok := relativeDays[t.low]; ok {
		m.hi, m.relative, m.gran = i+1, t.low, "day"
		return m, true
	}
	j := i
	if t.is("earlier", "later", "early", "late") && j+1 < hi {
		j++
	}
	if relativeDeictic[toks[j].low] && j+1 < hi {
		p := toks[j+1]
		if relativePeriods[p.base()] {
			m.hi, m.gran = j+2, p.base()
			m.relative = spanLow(toks, i, m.hi)
			return m, true
		}
		if _, ok := weekdays[p.low]; ok && p.capital() {
			m.hi, m.gran, m.weekday = j+2, "day", p.text
			m.relative = spanLow(toks, i, m.hi)
			return m, true
		}
	}
	// "three weeks ago", "a year ago"
	if n, next, _, ok := numberAt(toks, i, hi); ok {
		if next+1 < hi && timeUnits[toks[next].low] != "" && toks[next+1].low == "ago" && n >= 1 && n < 1000 {
			m.hi, m.gran, m.ago = next+2, timeUnits[toks[next].low], int(n)
			m.relative = spanLow(toks, i, m.hi)
			return m, true
		}
	}
	return m, false
}

func spanLow(toks []token, lo, hi int) string {
	if hi-lo == 1 {
		return toks[lo].low
	}
	n := 0
	for k := lo; k < hi; k++ {
		n += len(toks[k].low) + 1
	}
	var b strings.Builder
	b.Grow(n)
	for k := lo; k < hi; k++ {
		if k > lo {
			b.WriteByte(' ')
		}
		b.WriteString(toks[k].low)
	}
	return b.String()
}

// resolveRelative fills Date from the reference date when there is one; a
// relative date without a reference keeps only its words.
func resolveRelative(v *Value, m dateMatch, ref reference) {
	if ref.date.IsZero() {
		return
	}
	r := ref.date
	v.Resolved = ref.from
	shift := 0
	switch {
	case containsWord(m.relative, "last"), containsWord(m.relative, "previous"), containsWord(m.relative, "past"), containsWord(m.relative, "yesterday"):
		shift = -1
	case containsWord(m.relative, "next"), containsWord(m.relative, "coming"), containsWord(m.relative, "tomorrow"):
		shift = 1
	}
	if m.weekday != "" {
		want := time.Weekday(weekdays[lower(m.weekday)])
		d := r
		if shift > 0 {
			for d = d.AddDate(0, 0, 1); d.Weekday() != want; d = d.AddDate(0, 0, 1) {
			}
		} else {
			for d.Weekday() != want {
				d = d.AddDate(0, 0, -1)
			}
			if shift < 0 && d.Equal(r) {
				d = d.AddDate(0, 0, -7)
			}
		}
		v.Date = d.Format("2006-01-02")
		return
	}
	if m.ago > 0 {
		n := m.ago
		switch m.gran {
		case "day":
			v.Date = r.AddDate(0, 0, -n).Format("2006-01-02")
		case "week":
			y, w := r.AddDate(0, 0, -7*n).ISOWeek()
			v.Date = fmt.Sprintf("%04d-W%02d", y, w)
		case "month":
			v.Date = r.AddDate(0, -n, 0).Format("2006-01")
		case "year":
			v.Date = fmt.Sprintf("%04d", r.Year()-n)
		case "decade":
			v.Date = fmt.Sprintf("%04d", r.Year()-10*n)
		}
		return
	}
	switch m.gran {
	case "day":
		v.Date = r.AddDate(0, 0, shift).Format("2006-01-02")
	case "week", "weekend":
		y, w := r.AddDate(0, 0, 7*shift).ISOWeek()
		v.Date = fmt.Sprintf("%04d-W%02d", y, w)
	case "month":
		v.Date = r.AddDate(0, shift, 0).Format("2006-01")
	case "quarter":
		q := r.AddDate(0, 3*shift, 0)
		v.Date = fmt.Sprintf("%04d-Q%d", q.Year(), (int(q.Month())-1)/3+1)
	case "year":
		v.Date = fmt.Sprintf("%04d", r.Year()+shift)
	}
}

// datelineOf finds the date printed under a headline ("Friday, 06 March 2026
// 09:34:38 | Shanghai"): a short line near the top holding a full date.
func datelineOf(d *doc) reference {
	for _, s := range d.sents {
		if s.para > 3 {
			break
		}
		if s.end-s.start > 120 {
			continue
		}
		for i := s.lo; i < s.hi; i++ {
			m, ok := dateAt(d.toks, i, s.hi)
			if ok && m.y > 0 && m.d > 0 {
				t := time.Date(m.y, time.Month(m.m), m.d, 0, 0, 0, 0, time.UTC)
				return reference{date: t, from: "dateline " + t.Format("2006-01-02")}
			}
		}
	}
	return reference{}
}

func containsWord(s, w string) bool {
	for len(s) > 0 {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			return s == w
		}
		if s[:i] == w {
			return true
		}
		s = s[i+1:]
	}
	return false
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
