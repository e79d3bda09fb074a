package extract

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// listParagraph is a list of figures pasted as one paragraph, with no full
// stop: one "sentence" of n bytes or more, multi-byte text throughout.
func listParagraph(n int) string {
	var b strings.Builder
	b.WriteString("Harbour figures for the year list")
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, ", %d,%03d tonnes at quay %d in the Süd basin, €%d million", 10+i%80, i%1000, i, 1+i%9)
	}
	return b.String()
}

func TestExtract_longSentenceIsCutAroundEachClaim(t *testing.T) {
	body := listParagraph(40 << 10)
	claims := mustExtract(t, Article{Title: "Harbour figures", Body: body})
	if len(claims) < 500 {
		t.Fatalf("%d claims in a list of figures, want hundreds", len(claims))
	}
	for _, c := range claims {
		if c.Part != PartBody {
			continue
		}
		limit := len(c.Text) + MaxContextBytes + 2*len(ellipsis)
		switch {
		case len(c.Sentence) > limit:
			t.Fatalf("%q: sentence of %d bytes, want at most %d", c.Text, len(c.Sentence), limit)
		case !strings.Contains(c.Sentence, c.Text):
			t.Fatalf("%q: not in its sentence %q", c.Text, c.Sentence)
		case !utf8.ValidString(c.Sentence):
			t.Fatalf("%q: sentence cut inside a character: %q", c.Text, c.Sentence)
		case c.Start > MaxContextBytes && !strings.HasPrefix(c.Sentence, ellipsis):
			t.Fatalf("%q at %d: cut sentence does not start with %q: %q", c.Text, c.Start, ellipsis, c.Sentence[:40])
		}
		// The context on each side is the text as given, up to the cut.
		inner := strings.TrimSuffix(strings.TrimPrefix(c.Sentence, ellipsis), ellipsis)
		if !strings.Contains(body, inner) {
			t.Fatalf("%q: sentence %q is not a slice of the body", c.Text, inner)
		}
	}
}

func TestExtract_shortSentenceIsWhole(t *testing.T) {
	body := "Fares rose 4% this spring, the council said.\n"
	for _, c := range mustExtract(t, Article{Title: "Fares", Body: body}) {
		if c.Sentence != strings.TrimSpace(body) {
			t.Errorf("%q: sentence %q, want the whole sentence", c.Text, c.Sentence)
		}
	}
}

func TestExtract_quotationLongerThanAClaimIsNotOne(t *testing.T) {
	long := strings.Repeat("the harbour grew and the port expanded over many seasons ", 400)
	body := "The mayor said: \"" + long + "in every district.\" The council agreed 12 votes to 3.\n"
	claims := mustExtract(t, Article{Title: "Port news", Body: body})
	var count bool
	for _, c := range claims {
		if len(c.Text) > MaxTextBytes {
			t.Errorf("%s claim of %d bytes, over MaxTextBytes", c.Kind, len(c.Text))
		}
		count = count || c.Text == "12 votes"
	}
	if !count {
		t.Errorf("the claims after the long quotation are lost: %v", claims)
	}
}
