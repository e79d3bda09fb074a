package match

import (
	"slices"
	"strings"
	"testing"
)

func money(id, article, text, sentence string, v float64, unit, subject string) Claim {
	n := map[string]any{"value": v, "unit": unit}
	if subject != "" {
		n["subject"] = subject
	}
	return Claim{ID: id, ArticleID: article, Kind: "money", Text: text, Sentence: sentence, Normalized: n}
}

func TestScore_sameAmountInAnotherScaleAndSign(t *testing.T) {
	a := money("a-1", "a", "2 trillion yuan stimulus package", "The government announced a 2 trillion yuan stimulus package for the economy.", 2e12, "CNY", "stimulus package")
	b := money("b-1", "b", "¥2tn stimulus package", "Beijing's ¥2tn stimulus package is meant to lift the economy.", 2e12, "JPY", "stimulus package")
	s, ok := Score(b, a)
	if !ok || s.Contradiction != "" {
		t.Fatalf("Score = %+v, %v; want a match without contradiction", s, ok)
	}
	if !slices.ContainsFunc(s.Evidence, func(e string) bool { return strings.HasPrefix(e, "same value") }) {
		t.Errorf("evidence %q lacks the value", s.Evidence)
	}
	if !shareKey(Lookup(b), Keys(a)) {
		t.Errorf("lookup %v of b misses a's keys %v", Lookup(b), Keys(a))
	}
}

func TestScore_sameFigureForAnotherSubject(t *testing.T) {
	a := money("a-1", "a", "2 trillion yuan stimulus package", "The government announced a 2 trillion yuan stimulus package.", 2e12, "CNY", "stimulus package")
	b := money("b-1", "b", "2 trillion yuan in deposits", "Households hold 2 trillion yuan in deposits at rural banks.", 2e12, "CNY", "deposits")
	if s, ok := Score(b, a); ok {
		t.Fatalf("Score = %+v: the same figure for another subject matched", s)
	}
}

func TestScore_contradictionAcrossArticles(t *testing.T) {
	a := money("a-1", "a", "capital of 344 billion yuan ($47.5 billion)",
		"The state set up a semiconductor investment fund with a registered capital of 344 billion yuan ($47.5 billion).", 344e9, "CNY", "capital")
	a.Normalized["paired"] = map[string]any{"value": 47.5e9, "currency": "USD"}
	b := money("b-1", "b", "capital of 47.5 billion yuan",
		"The semiconductor investment fund was set up with a registered capital of 47.5 billion yuan.", 47.5e9, "CNY", "capital")
	s, ok := Score(b, a)
	if !ok {
		t.Fatalf("Score = %+v: not suggested", s)
	}
	if !strings.Contains(s.Contradiction, "47500000000 CNY") || !strings.Contains(s.Contradiction, "344000000000 CNY") {
		t.Errorf("contradiction %q does not name both values", s.Contradiction)
	}
	if !shareKey(Lookup(b), Keys(a)) {
		t.Errorf("lookup %v of b misses a's keys %v", Lookup(b), Keys(a))
	}
}

func TestScore_withinToleranceIsNoContradiction(t *testing.T) {
	a := money("a-1", "a", "$1.26bn port deal", "The city signed a $1.26bn port deal with the operator.", 1.26e9, "USD", "port deal")
	b := money("b-1", "b", "$1.3 billion port deal", "The operator's $1.3 billion port deal with the city was signed.", 1.3e9, "USD", "port deal")
	s, ok := Score(b, a)
	if !ok || s.Contradiction != "" {
		t.Fatalf("Score = %+v, %v; want a match without contradiction", s, ok)
	}
}

func TestScore_paraphrasedQuote(t *testing.T) {
	a := Claim{ID: "a-2", ArticleID: "a", Kind: "quote", Speaker: "Li Qiang",
		Text: `"We will support the economy with all the tools we have," said Premier Li Qiang`}
	b := Claim{ID: "b-2", ArticleID: "b", Kind: "attribution", Speaker: "Premier Li Qiang",
		Text: "Premier Li Qiang said the government will support the economy with every tool it has"}
	if s, ok := Score(b, a); !ok {
		t.Fatalf("Score = %+v: paraphrase not matched", s)
	}
	c := Claim{ID: "c-2", ArticleID: "c", Kind: "quote", Speaker: "Li Qiang",
		Text: `"Exports fell because shipping costs rose," Li Qiang said`}
	if s, ok := Score(c, a); ok {
		t.Fatalf("Score = %+v: another statement by the same speaker matched", s)
	}
}

func TestScore_sameArticleNeverMatches(t *testing.T) {
	a := money("a-1", "a", "$5 billion", "A $5 billion deal.", 5e9, "USD", "deal")
	b := money("a-2", "a", "$5 billion", "A $5 billion deal.", 5e9, "USD", "deal")
	if _, ok := Score(b, a); ok {
		t.Fatal("two claims of one article matched")
	}
}

func TestKeys_deterministic(t *testing.T) {
	a := money("a-1", "a", "¥2tn stimulus", "x", 2e12, "CNY", "stimulus package")
	first := Lookup(a)
	for range 20 {
		if got := Lookup(a); !slices.Equal(got, first) {
			t.Fatalf("Lookup changed: %v then %v", first, got)
		}
	}
}

func shareKey(a, b []string) bool {
	return slices.ContainsFunc(a, func(k string) bool { return slices.Contains(b, k) })
}

func TestWords_possessiveAndPlural(t *testing.T) {
	got := words("Riverton’s tram lines and the council's plans", nil)
	for _, w := range []string{"riverton", "tram", "line", "council", "plan"} {
		if !got[w] {
			t.Errorf("words lack %q: %v", w, got)
		}
	}
}

func TestScore_sameAmountThroughAPair(t *testing.T) {
	a := money("a-1", "a", "344 billion yuan ($47.5 billion) fund",
		"The state set up a chip fund of 344 billion yuan ($47.5 billion) for foundries.", 344e9, "CNY", "fund")
	a.Normalized["paired"] = map[string]any{"value": 47.5e9, "currency": "USD"}
	b := money("b-1", "b", "$47.5bn fund", "A $47.5bn state chip fund for foundries was set up.", 47.5e9, "USD", "fund")
	s, ok := Score(b, a)
	if !ok || s.Contradiction != "" || !slices.ContainsFunc(s.Evidence, func(e string) bool { return strings.HasPrefix(e, "same amount in another currency") }) {
		t.Fatalf("Score = %+v, %v; want a match through the pair", s, ok)
	}
	if !shareKey(Lookup(b), Keys(a)) {
		t.Errorf("lookup %v of b misses a's keys %v", Lookup(b), Keys(a))
	}
}
