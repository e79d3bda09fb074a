package web

import (
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/claimledger/claimledger/app"
)

// articleMaxClaims is the most claims an article page reads; an article
// holds at most article.MaxClaims, far fewer in practice.
const articleMaxClaims = 1000

type articleData struct {
	Article  app.ArticleSummary
	Headline []segment
	Body     []segment
	Claims   []app.ClaimView
}

// segment is a run of article text, inside a claim or not. The template
// prints Text escaped: article text is never markup.
type segment struct {
	Text    string
	ClaimID string
	Status  string
}

func (s *Server) article(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("id")
	a, err := s.qs.Article(r.Context(), id, 0)
	if err != nil {
		s.failErr(w, r, sess, err)
		return
	}
	text, err := s.qs.ArticleText(r.Context(), id)
	if err != nil {
		s.failErr(w, r, sess, err)
		return
	}
	claims, err := s.qs.Claims(r.Context(), app.ClaimFilter{ArticleID: id}, "", articleMaxClaims, 0)
	if err != nil {
		s.failErr(w, r, sess, err)
		return
	}
	// The text is headline, line break, body; a claim's offsets count
	// into its part.
	title, body, _ := strings.Cut(text, "\n")
	var inTitle, inBody []app.ClaimView
	for _, c := range claims {
		if c.Part == "title" {
			inTitle = append(inTitle, c)
		} else {
			inBody = append(inBody, c)
		}
	}
	d := articleData{Article: a, Claims: claims, Headline: highlight(title, inTitle), Body: highlight(body, inBody)}
	s.render(w, r, sess, http.StatusOK, "article", "", d)
}

// highlight cuts text into runs, one per claim span and one per gap. A
// span that overlaps one before it, or does not fall on character
// boundaries, is left out of the text (the list below it still shows it).
func highlight(text string, claims []app.ClaimView) []segment {
	sorted := append([]app.ClaimView(nil), claims...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	var out []segment
	at := 0
	for _, c := range sorted {
		if c.Start < at || c.End <= c.Start || c.End > len(text) ||
			!boundary(text, c.Start) || !boundary(text, c.End) {
			continue
		}
		if c.Start > at {
			out = append(out, segment{Text: text[at:c.Start]})
		}
		out = append(out, segment{Text: text[c.Start:c.End], ClaimID: c.ID, Status: string(c.Status)})
		at = c.End
	}
	if at < len(text) {
		out = append(out, segment{Text: text[at:]})
	}
	return out
}

func boundary(s string, i int) bool { return i == len(s) || utf8.RuneStart(s[i]) }
