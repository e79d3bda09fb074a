package extract

import (
	"fmt"
	"strings"
	"time"
)

// dateMatch is an absolute or relative date read at one place in the text.
type dateMatch struct {
	lo, hi   int
	y, m, d  int    // zero when not written
	gran     string // "day", "month", "year", "decade"
	weekday  string
	relative string // the words a relative date was written with
	ago      int    // "three weeks ago": 3
	part     int    // quarter or half of the year: "Q3" is 3
}

// dateAt reads a date starting at toks[i]. Month names count only when
// capitalised and not in capitals: "JANUARY 28:" opens photo captions and
// repeats a date the caption gives in full.
func dateAt(toks []token, i, hi int) (dateMatch, bool) {
	t := toks[i]
	m := dateMatch{lo: i}
	switch t.kind {
	case tWord:
		if _, ok := weekdays[t.low]; ok && t.capital() {
			j := i + 1
			if j+1 < hi && toks[j].low == "," {
				if inner, ok := dateAt(toks, j+1, hi); ok && inner.d > 0 {
					inner.lo, inner.weekday = i, t.text
					return inner, true
				}
			}
			m.hi, m.weekday, m.relative, m.gran = i+1, t.text, t.text, "day"
			return m, true
		}
		if mo, ok := monthAt(toks, i); ok {
			m.m, m.gran = mo, "month"
			j := i + 1
			if j < hi && toks[j].low == "." && !toks[j].space {
				j++
			}
			if j < hi && toks[j].kind == tNum && toks[j].plain && toks[j].num >= 1 && toks[j].num <= 31 && len(toks[j].text) <= 2 {
				m.d, m.gran = int(toks[j].num), "day"
				j++
				if j < hi && toks[j].is("st", "nd", "rd", "th") && !toks[j].space {
					j++
				}
				if j+1 < hi && toks[j].low == "," {
					if y, ok := isYear(toks[j+1]); ok {
						m.y, j = y, j+2
					}
				}
				m.hi = j
				return m, true
			}
			if j < hi {
				if y, ok := isYear(toks[j]); ok {
					m.y, m.hi = y, j+1
					return m, true
				}
			}
			m.hi, m.relative = i+1, t.text
			return m, true
		}
		if q, ok := periodAt(toks, i, hi); ok {
			return q, true
		}
		return relativeAt(toks, i, hi)
	case tNum:
		if t.plain && t.num >= 1 && t.num <= 31 && len(t.text) <= 2 && i+1 < hi {
			j := i + 1
			if toks[j].is("st", "nd", "rd", "th") && !toks[j].space {
				j++
			}
			if j < hi {
				if mo, ok := monthAt(toks, j); ok {
					m.d, m.m, m.gran, m.hi = int(t.num), mo, "day", j+1
					if j+1 < hi {
						if y, ok := isYear(toks[j+1]); ok {
							m.y, m.hi = y, j+2
						}
					}
					return m, true
				}
			}
		}
		y, ok := isYear(t)
		if !ok {
			return relativeAt(toks, i, hi)
		}
		m.y, m.gran, m.hi = y, "year", i+1
		if i+4 < hi && toks[i+1].low == "-" && !toks[i+1].space && toks[i+2].kind == tNum &&
			len(toks[i+2].text) == 2 && toks[i+3].low == "-" && toks[i+4].kind == tNum && len(toks[i+4].text) == 2 {
			mo, dd := int(toks[i+2].num), int(toks[i+4].num)
			if mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31 {
				m.m, m.d, m.gran, m.hi = mo, dd, "day", i+5
				return m, true
			}
		}
		if i+1 < hi && !toks[i+1].space && toks[i+1].low == "s" {
			m.gran, m.hi = "decade", i+2
			return m, true
		}
		if i+1 < hi && (toks[i+1].low == "%" || !toks[i+1].space && toks[i+1].kind == tWord) {
			return m, false
		}
		if i+1 < hi && toks[i+1].kind == tWord && (measureUnits[toks[i+1].low] || currencyWords[toks[i+1].low] != "" || scales[toks[i+1].low] > 0) {
			return m, false
		}
		if i > 0 && currencySymbols[toks[i-1].low] != "" {
			return m, false
		}
		return m, true
	}
	return m, false
}

func monthAt(toks []token, i int) (int, bool) {
	t := toks[i]
	mo, ok := months[t.low]
	if !ok || !t.capital() || len(t.text) > 1 && strings.ToUpper(t.text) == t.text {
		return 0, false
	}
	// "May" is also a verb; accept it only next to a number.
	if t.low == "may" && !(i+1 < len(toks) && toks[i+1].kind == tNum) {
		return 0, false
	}
	return mo, true
}

// scanDates adds date claims, widened to a leading preposition ("in 2025",
// "As of Sunday") because the preposition says how the date is used.
func (d *doc) scanDates(si int, ref reference) {
	s := d.sents[si]
	for i := s.lo; i < s.hi; i++ {
		if d.used[i] || d.toks[i].kind == tPunct || d.toks[i].kind == tWord && d.toks[i].class&(cMonth|cWeekday|cDateWord|cSpelled|cOrdinal) == 0 && !yearPartLike(d.toks[i].text) {
			continue
		}
		m, ok := dateAt(d.toks, i, s.hi)
		if !ok || !d.free(m.lo, m.hi) {
			continue
		}
		if m.relative != "" && m.y == 0 && m.gran == "month" && !d.precededByPreposition(s.lo, m.lo) {
			continue // a bare month name is too often part of a name
		}
		if m.weekday != "" && m.d == 0 && !d.precededByPreposition(s.lo, m.lo) {
			continue
		}
		lo := m.lo
		if lo-2 >= s.lo && d.toks[lo-2].low == "as" && d.toks[lo-1].low == "of" {
			lo -= 2
		} else if lo-1 >= s.lo && datePrepositions[d.toks[lo-1].low] && !d.used[lo-1] {
			lo--
		}
		if lo-2 >= s.lo && d.toks[lo-1].low == "-" && d.toks[lo-2].low == "mid" {
			lo -= 2
		}
		v := resolveDate(m, ref)
		hi, heads := m.hi, []string(nil)
		if end, first := d.yearRange(s, lo, m); end > 0 {
			lo, hi = first, end
			v.Date += "/" + d.toks[end-1].text
		} else if m.gran == "year" && m.relative == "" {
			hi, heads = d.yearHeads(s, m.hi)
		}
		d.add(cand{kind: KindDate, lo: lo, hi: hi, sent: si, value: v, heads: heads})
		i = hi - 1
	}
}

func (d *doc) precededByPreposition(lo, i int) bool {
	if i-1 < lo {
		return false
	}
	p := d.toks[i-1].low
	return datePrepositions[p] || p == "last" || p == "next" || p == "this" || p == "of" || p == "earlier" || p == "later"
}

func resolveDate(m dateMatch, ref reference) *Value {
	v := &Value{Granularity: m.gran, Relative: m.relative}
	if m.weekday != "" {
		v.Weekday = m.weekday
	}
	switch {
	case m.part > 0:
		y := m.y
		if y == 0 && !ref.date.IsZero() {
			y, v.Resolved = ref.date.Year(), ref.from
		}
		if y > 0 {
			v.Date = fmt.Sprintf("%04d-%c%d", y, strings.ToUpper(m.gran)[0], m.part)
		}
	case m.y > 0 && m.d > 0:
		v.Date = isoDate(m.y, m.m, m.d)
	case m.y > 0 && m.m > 0:
		v.Date = isoDate(m.y, m.m, 0)
	case m.y > 0 && m.gran == "decade":
		v.Date = fmt.Sprintf("%03dX", m.y/10)
	case m.y > 0:
		v.Date = isoDate(m.y, 0, 0)
	case m.m > 0 && !ref.date.IsZero():
		y := ref.date.Year()
		if time.Month(m.m) > ref.date.Month() {
			y-- // news speaks of the past: "in November" read in March is last year's
		}
		if m.d > 0 {
			v.Date = isoDate(y, m.m, m.d)
		} else {
			v.Date = isoDate(y, m.m, 0)
		}
		v.Resolved = ref.from
		if v.Relative == "" {
			v.Relative = fmt.Sprintf("%s %d", time.Month(m.m), m.d)
		}
	case m.m > 0 && m.d > 0:
		v.Relative = fmt.Sprintf("%s %d", time.Month(m.m), m.d)
	default:
		resolveRelative(v, m, ref)
	}
	return v
}

// isoDate writes 2025, 2025-01 or 2025-01-28 without fmt: dates are the
// commonest claim, and formatting them showed up in profiles.
func isoDate(y, m, d int) string {
	b := make([]byte, 0, 10)
	b = append(b, byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
	if m > 0 {
		b = append(b, '-', byte('0'+m/10), byte('0'+m%10))
		if d > 0 {
			b = append(b, '-', byte('0'+d/10), byte('0'+d%10))
		}
	}
	return string(b)
}

// periodAt reads a part of a year: "the first quarter of 2025", "Q3 2024",
// "the second half".
func periodAt(toks []token, i, hi int) (dateMatch, bool) {
	m := dateMatch{lo: i}
	t := toks[i]
	j := i
	switch {
	case ordinalWords[t.low] > 0 && i+1 < hi && toks[i+1].is("quarter", "half"):
		m.part, m.gran, j = ordinalWords[t.low], toks[i+1].low, i+2
		if m.gran == "half" && m.part > 2 || m.part > 4 {
			return m, false
		}
		if j+1 < hi && toks[j].low == "of" {
			if y, ok := isYear(toks[j+1]); ok {
				m.y, j = y, j+2
			}
		}
	case len(t.text) == 2 && (t.text[0] == 'Q' && t.text[1] >= '1' && t.text[1] <= '4' || t.text[0] == 'H' && (t.text[1] == '1' || t.text[1] == '2')):
		m.part, m.gran, j = int(t.text[1]-'0'), "quarter", i+1
		if t.text[0] == 'H' {
			m.gran = "half"
		}
		if j < hi {
			if y, ok := isYear(toks[j]); ok {
				m.y, j = y, j+1
			}
		}
		if m.gran == "half" && m.y == 0 {
			return m, false // "H1" alone is too often a name
		}
	default:
		return m, false
	}
	m.hi = j
	if m.y == 0 {
		m.relative = spanLow(toks, i, j)
	}
	return m, true
}

func yearPartLike(w string) bool { return len(w) == 2 && (w[0] == 'Q' || w[0] == 'H') }

// yearRange reads a span of years as one date: "from 2019 to 2024",
// "between 2021 and 2023". It returns the range's end and start (widened to
// "between"), or 0 when the year m is not the first of a range.
func (d *doc) yearRange(s sentence, lo int, m dateMatch) (int, int) {
	toks := d.toks
	if m.gran != "year" || m.relative != "" || m.hi+1 >= s.hi || lo == 0 {
		return 0, lo
	}
	open := toks[lo].low
	if lo == m.lo && lo-1 >= s.lo && !d.used[lo-1] && toks[lo-1].low == "between" {
		open, lo = "between", lo-1
	}
	link := toks[m.hi].low
	if !(open == "from" && (link == "to" || link == "through" || link == "until") || open == "between" && link == "and") {
		return 0, lo
	}
	if y, ok := isYear(toks[m.hi+1]); !ok || y < m.y || d.used[m.hi+1] {
		return 0, lo
	}
	return m.hi + 2, lo
}
