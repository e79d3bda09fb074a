package match

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/claimledger/claimledger/domain/extract"
)

// Threshold is the least score that is suggested to reviewers. The weights
// below are chosen so that a figure alone never reaches it: the same amount
// needs the same subject or a similar sentence around it.
const Threshold = 0.6

// Weights of the evidence.
const (
	wValue   = 0.45 // the same figure within the tolerance
	wUnit    = 0.05 // ... in the same unit or currency, not only via a pair
	wSubject = 0.25 // the same subject words
	wScope   = 0.05 // the same date or time scope
	wContext = 0.4  // times the overlap of the sentences' words
	wSpeaker = 0.35 // the same speaker
	wText    = 0.65 // times the overlap of what was said
	wDate    = 0.5  // the same date
	// minTheirs is the least Jaccard similarity of the sentences for a
	// contradiction: the figures disagree, so only the words around them
	// say the two speak of one thing, and they must share most of them.
	minTheirs = 0.3
)

// Suggestion is a candidate match: its score in [0, 1], the evidence for
// it, and, when the two give one subject different values, why they
// contradict each other.
type Suggestion struct {
	Score         float64
	Evidence      []string
	Contradiction string
}

// Score compares a new claim with a candidate from another article. ok is
// false when they are not a candidate match; claims of one article are
// never matched (the same-subject check compares those).
func Score(c, other Claim) (s Suggestion, ok bool) {
	if c.ArticleID == other.ArticleID || c.ID == other.ID {
		return Suggestion{}, false
	}
	switch {
	case numericKinds[c.Kind] && c.Kind == other.Kind:
		s = scoreFigures(c, other)
	case speechKinds[c.Kind] && speechKinds[other.Kind]:
		s = scoreSpeech(c, other)
	case c.Kind == "date" && other.Kind == "date":
		s = scoreDates(c, other)
	default:
		return Suggestion{}, false
	}
	s.Score = math.Round(math.Min(s.Score, 1)*1000) / 1000
	return s, s.Score >= Threshold
}

func scoreFigures(c, o Claim) Suggestion {
	var s Suggestion
	cs, os := c.str("subject"), o.str("subject")
	sameSubject := extract.SameSubject(cs, os)
	if cs != "" && os != "" && !sameSubject {
		return s // the same figure for another thing
	}
	if ct, ot := c.str("time_scope"), o.str("time_scope"); ct != "" && ot != "" && ct != ot && !sameScope(ct, ot) {
		return s // another period
	}
	if co, oo := c.str("of"), o.str("of"); co != "" && oo != "" && similarity(words(co, nil), words(oo, nil)) == 0 {
		return s // a share of another whole
	}
	if c.str("qualifier") != o.str("qualifier") {
		return s // "up to" is not "at least"
	}
	cw, ow := words(c.Sentence, nil), words(o.Sentence, nil)
	ctx := overlap(cw, ow)
	s.Evidence = append(s.Evidence, "same kind: "+c.Kind)
	va, vb, same, direct := closest(c.amounts(), o.amounts())
	if same {
		s.Score += wValue
		if direct {
			s.Score += wUnit
			s.Evidence = append(s.Evidence, fmt.Sprintf("same value within %g%%: %s %s", 100*extract.SameValueTolerance, fmtNum(va.value), va.unit))
		} else {
			s.Evidence = append(s.Evidence, fmt.Sprintf("same amount in another currency: %s %s", fmtNum(va.value), va.unit))
		}
	}
	if sameSubject {
		s.Score += wSubject
		s.Evidence = append(s.Evidence, fmt.Sprintf("same subject: %q / %q", cs, os))
	}
	if ct := c.str("time_scope"); ct != "" && ct == o.str("time_scope") {
		s.Score += wScope
		s.Evidence = append(s.Evidence, "same time scope: "+ct)
	}
	s.Score += wContext * ctx
	s.Evidence = append(s.Evidence, fmt.Sprintf("sentence overlap %.2f", ctx))
	if !same && sameSubject && vb.unit != "" && similarity(cw, ow) >= minTheirs {
		// No figure agrees, but the two say how much the same thing is in
		// the same unit: one of them is wrong.
		s.Score += wValue / 2
		s.Contradiction = fmt.Sprintf("%q gives %s %s for %q, but %q gives %s %s", c.Text, fmtNum(va.value), va.unit, cs, o.Text, fmtNum(vb.value), vb.unit)
	}
	if !same && s.Contradiction == "" {
		s.Score = 0
	}
	return s
}

// closest finds the pair of figures, one of each claim, in one unit that
// are nearest: same says they agree within the tolerance, direct that the
// agreement is between the claims' own figures rather than through a
// bracketed pair. With no unit in common, a and b are zero.
func closest(as, bs []amount) (a, b amount, same, direct bool) {
	best := math.Inf(1)
	for _, x := range as {
		for _, y := range bs {
			if x.unit != y.unit {
				continue
			}
			d := math.Abs(x.value-y.value) / math.Max(x.value, y.value)
			if d < best || (d == best && !x.paired && !y.paired) {
				best, a, b = d, x, y
			}
		}
	}
	same = best <= extract.SameValueTolerance
	return a, b, same, same && !a.paired && !b.paired
}

func sameScope(a, b string) bool {
	return strings.EqualFold(a, b)
}

func scoreSpeech(c, o Claim) Suggestion {
	var s Suggestion
	sp := c.speaker()
	if sp == "" || sp != o.speaker() {
		return s
	}
	drop := words(c.Speaker+" "+o.Speaker, nil)
	sim := overlap(words(c.Text, drop), words(o.Text, drop))
	s.Score = wSpeaker + wText*sim
	s.Evidence = []string{"same speaker: " + c.Speaker, fmt.Sprintf("text overlap %.2f", sim)}
	return s
}

func scoreDates(c, o Claim) Suggestion {
	var s Suggestion
	if d := c.str("date"); d == "" || d != o.str("date") {
		return s
	}
	ctx := overlap(words(c.Sentence, nil), words(o.Sentence, nil))
	s.Score = wDate + wContext*ctx
	s.Evidence = []string{"same date: " + c.str("date"), fmt.Sprintf("sentence overlap %.2f", ctx)}
	return s
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
