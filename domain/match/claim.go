package match

import (
	"math"
	"strings"
)

// Claim is what matching reads of a claim: the fields of its view.
type Claim struct {
	ID         string
	ArticleID  string
	Kind       string
	Text       string
	Sentence   string
	Speaker    string
	Normalized map[string]any // the extractor's normalized value, as JSON
}

// amount is one figure a claim states, in one unit: a money claim with an
// "A (B)" pair states two.
type amount struct {
	value  float64
	unit   string
	paired bool // the bracketed amount of a pair
}

// numericKinds are the kinds whose normalized value is a number in a unit.
var numericKinds = map[string]bool{"money": true, "percentage": true, "count": true, "quantity": true, "duration": true}

// speechKinds are compared by who spoke and what they said; a quote in one
// article is often an attribution ("X said that ...") in another.
var speechKinds = map[string]bool{"quote": true, "attribution": true, "prediction": true, "event": true}

func (c Claim) str(key string) string {
	s, _ := c.Normalized[key].(string)
	return s
}

// amounts lists the claim's figures, each in every unit it may be: "¥" is
// the sign of both the yuan and the yen, so "¥2tn" is either.
func (c Claim) amounts() []amount {
	v, ok := c.Normalized["value"].(float64)
	if !ok || v <= 0 || math.IsInf(v, 0) {
		return nil
	}
	var out []amount
	for _, u := range c.units(c.str("unit")) {
		out = append(out, amount{value: v, unit: u})
	}
	if p, ok := c.Normalized["paired"].(map[string]any); ok {
		pv, _ := p["value"].(float64)
		pc, _ := p["currency"].(string)
		if pv > 0 && pc != "" {
			out = append(out, amount{value: pv, unit: pc, paired: true})
		}
	}
	return out
}

func (c Claim) units(u string) []string {
	if (u == "CNY" || u == "JPY") && strings.Contains(c.Text, "¥") {
		return []string{"CNY", "JPY"}
	}
	return []string{u}
}

// speaker is the last word of the speaker's name, lower case: "Premier Li
// Qiang" and "Li Qiang" are one person.
func (c Claim) speaker() string {
	f := strings.Fields(strings.ToLower(c.Speaker))
	if len(f) == 0 {
		return ""
	}
	return strings.Trim(f[len(f)-1], ".,'’\"")
}
