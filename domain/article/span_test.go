package article_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/domain/article"
)

// written for this test: a non-breaking space and curly quotes are several
// bytes each, so byte and character offsets differ.
const (
	spanTitle = "Harbor fund doubles to €4 million"
	spanBody  = "The harbor fund grew to €4 million. Officials said “the fund\u00a0doubled”. The fund doubled again in 2025.\n"
)

func spanArticle(t *testing.T) *article.Article {
	t.Helper()
	evs, err := article.Ingest(article.IngestCommand{ArticleID: "a1", Title: spanTitle, Body: []byte(spanBody), By: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := article.FromHistory(evs)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestArticle_Locate(t *testing.T) {
	a := spanArticle(t)
	if a.Text() != spanTitle+"\n"+spanBody {
		t.Fatalf("Text() = %q", a.Text())
	}
	s, err := a.Locate(strings.Index(spanTitle, "€4"), len(spanTitle))
	if err != nil || s.Part != "title" || s.Text != "€4 million" || s.Sentence != spanTitle {
		t.Errorf("title span: %+v, %v", s, err)
	}
	full := a.Text()
	i := strings.Index(full, "“the fund")
	s, err = a.Locate(i, i+len("“the fund\u00a0doubled”"))
	if err != nil || s.Part != "body" || s.Start != i-len(spanTitle)-1 || s.Text != "“the fund\u00a0doubled”" ||
		s.Sentence != "Officials said “the fund\u00a0doubled”." {
		t.Errorf("body span: %+v, %v", s, err)
	}
	if got := a.FileOffset(s.Part, s.Start); got != i {
		t.Errorf("FileOffset = %d, want %d", got, i)
	}
}

func TestArticle_Locate_whenSpanBad(t *testing.T) {
	a := spanArticle(t)
	euro := strings.Index(a.Text(), "€")
	for name, c := range map[string][2]int{
		"negative":            {-1, 3},
		"past the end":        {0, len(a.Text()) + 1},
		"empty":               {5, 5},
		"reversed":            {6, 5},
		"inside a character":  {euro + 1, euro + 5},
		"end inside":          {euro - 3, euro + 2},
		"across the headline": {len(spanTitle) - 3, len(spanTitle) + 4},
		"on the line break":   {len(spanTitle), len(spanTitle) + 4},
	} {
		if s, err := a.Locate(c[0], c[1]); !errors.Is(err, article.ErrInvalid) {
			t.Errorf("%s: Locate(%d, %d) = %+v, %v; want ErrInvalid", name, c[0], c[1], s, err)
		}
	}
}

func TestArticle_Find(t *testing.T) {
	a := spanArticle(t)
	s, err := a.Find("grew to €4 million")
	if err != nil || s.Part != "body" || s.Start != strings.Index(spanBody, "grew") {
		t.Errorf("unique: %+v, %v", s, err)
	}
	_, err = a.Find("The Fund doubled")
	if !errors.Is(err, article.ErrInvalid) || !strings.Contains(err.Error(), "does not occur") {
		t.Errorf("absent (case differs): %v", err)
	}
	_, err = a.Find("fund")
	first := strings.Index(a.Text(), "fund")
	if !errors.Is(err, article.ErrInvalid) || !strings.Contains(err.Error(), "4 times") ||
		!strings.Contains(err.Error(), fmt.Sprintf("%d..%d, ", first, first+4)) {
		t.Errorf("ambiguous: %v", err)
	}
	if _, err := a.Find(" "); !errors.Is(err, article.ErrInvalid) {
		t.Errorf("blank: %v", err)
	}
}
