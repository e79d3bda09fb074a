package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
)

// Verdicts maps a claim's workflow status to the ClaimReview rating's
// alternateName, the verdict readers and search engines show. Statuses that
// are not a verdict (extracted, under_review, dismissed) keep their own
// name, so a filter mistake in an export is visible rather than disguised
// as a verdict.
//
//	confirmed    → "True"
//	disputed     → "False"
//	unverifiable → "Unverifiable"
//	contested    → "Disputed/contested"
//	any other    → the status name ("under_review", "dismissed", ...)
var Verdicts = map[pb.ClaimStatus]string{
	pb.ClaimStatus_CLAIM_STATUS_CONFIRMED:    "True",
	pb.ClaimStatus_CLAIM_STATUS_DISPUTED:     "False",
	pb.ClaimStatus_CLAIM_STATUS_UNVERIFIABLE: "Unverifiable",
	pb.ClaimStatus_CLAIM_STATUS_CONTESTED:    "Disputed/contested",
}

// Verdict is the ClaimReview verdict of a status (see Verdicts).
func Verdict(s pb.ClaimStatus) string {
	if v, ok := Verdicts[s]; ok {
		return v
	}
	return StatusName(s)
}

// MaxClaimReviewed is the bound on claimReviewed: Google's ClaimReview
// guidelines ask for a summary under 75 characters.
const MaxClaimReviewed = 74

// The JSON-LD document of one claim. Field order is the order written.
type (
	claimReviewDoc struct {
		Context       string       `json:"@context"`
		Type          string       `json:"@type"`
		URL           string       `json:"url"`
		ClaimReviewed string       `json:"claimReviewed"`
		DatePublished string       `json:"datePublished,omitempty"`
		Author        organization `json:"author"`
		ReviewRating  rating       `json:"reviewRating"`
		ItemReviewed  claimDoc     `json:"itemReviewed"`
	}
	organization struct {
		Type string `json:"@type"`
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	rating struct {
		Type          string `json:"@type"`
		AlternateName string `json:"alternateName"`
	}
	claimDoc struct {
		Type          string         `json:"@type"`
		Text          string         `json:"text,omitempty"`
		DatePublished string         `json:"datePublished,omitempty"`
		Appearance    []creativeWork `json:"appearance"`
	}
	creativeWork struct {
		Type          string `json:"@type"`
		URL           string `json:"url,omitempty"`
		Headline      string `json:"headline,omitempty"`
		DatePublished string `json:"datePublished,omitempty"`
	}
)

// claimReview writes one JSON array, element by element: "[", then each
// ClaimReview on its own line, then "]". A consumer can parse it as one
// JSON-LD document; nothing is held but the current element.
type claimReview struct {
	o   Options
	w   *bufio.Writer
	n   int
	buf bytes.Buffer
	enc *json.Encoder
}

func (r *claimReview) Begin(w io.Writer) error {
	r.w = bufio.NewWriterSize(w, 64<<10)
	r.enc = json.NewEncoder(&r.buf)
	r.enc.SetEscapeHTML(false) // URLs with & stay readable
	if _, err := r.w.WriteString("["); err != nil {
		return fmt.Errorf("claimreview: %w", err)
	}
	return nil
}

func (r *claimReview) Write(c *pb.Claim) error {
	r.buf.Reset()
	if r.n > 0 {
		r.buf.WriteByte(',')
	}
	r.buf.WriteByte('\n')
	if err := r.enc.Encode(r.doc(c)); err != nil {
		return fmt.Errorf("claimreview: claim %s: %w", c.GetId(), err)
	}
	r.buf.Truncate(r.buf.Len() - 1) // Encode's newline; the separator adds its own
	if _, err := r.w.Write(r.buf.Bytes()); err != nil {
		return fmt.Errorf("claimreview: %w", err)
	}
	r.n++
	return nil
}

func (r *claimReview) End() error {
	if _, err := r.w.WriteString("\n]\n"); err != nil {
		return fmt.Errorf("claimreview: %w", err)
	}
	if err := r.w.Flush(); err != nil {
		return fmt.Errorf("claimreview: %w", err)
	}
	return nil
}

func (r *claimReview) doc(c *pb.Claim) claimReviewDoc {
	var reviewed string
	if u := c.GetUpdatedAt(); u != nil {
		reviewed = u.AsTime().UTC().Format(time.DateOnly)
	}
	return claimReviewDoc{
		Context:       "https://schema.org",
		Type:          "ClaimReview",
		URL:           r.o.BaseURL + "/claims/" + c.GetId(),
		ClaimReviewed: Summary(c.GetSentence(), c.GetText(), MaxClaimReviewed),
		DatePublished: reviewed,
		Author:        organization{Type: "Organization", Name: r.o.Org, URL: r.o.BaseURL},
		ReviewRating:  rating{Type: "Rating", AlternateName: Verdict(c.GetStatus())},
		ItemReviewed: claimDoc{
			Type:          "Claim",
			Text:          c.GetText(),
			DatePublished: c.GetArticlePublished(),
			Appearance: []creativeWork{{Type: "CreativeWork", URL: c.GetArticleUrl(),
				Headline: c.GetArticleTitle(), DatePublished: c.GetArticlePublished()}},
		},
	}
}

// Summary says what was claimed in at most max runes: the sentence when it
// fits, else a window of it around the claim's text with "…" where it was
// cut, else the claim's text cut to fit. A claim's text alone ("2 trillion
// yuan") rarely says what was claimed; its sentence usually does.
func Summary(sentence, text string, max int) string {
	sentence = strings.Join(strings.Fields(sentence), " ")
	text = strings.Join(strings.Fields(text), " ")
	if sentence == "" {
		sentence = text
	}
	if utf8.RuneCountInString(sentence) <= max {
		return sentence
	}
	at := strings.Index(sentence, text)
	if text == "" || at < 0 || utf8.RuneCountInString(text) > max-2 {
		return cut(firstNonEmpty(text, sentence), max)
	}
	s := []rune(sentence)
	start := utf8.RuneCountInString(sentence[:at])
	end := start + utf8.RuneCountInString(text)
	// Share what is left, after the claim and two ellipses, between the
	// two sides; a side with too little text gives its share to the other.
	extra := max - 2 - (end - start)
	left := min(extra/2, start)
	right := min(extra-left, len(s)-end)
	left = min(extra-right, start)
	cs, ce := start, end // the claim itself is never cut
	start, end = start-left, end+right
	// Cut at word boundaries where one is near, so no word is half shown.
	for i := start; i < start+12 && start > 0 && !unicode.IsSpace(s[start-1]) && i < cs; i++ {
		if unicode.IsSpace(s[i]) {
			start = i + 1
			break
		}
	}
	for i := end - 1; i > end-12 && end < len(s) && !unicode.IsSpace(s[end]) && i >= ce; i-- {
		if unicode.IsSpace(s[i]) {
			end = i
			break
		}
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	b.WriteString(strings.TrimSpace(string(s[start:end])))
	if end < len(s) {
		b.WriteString("…")
	}
	return b.String()
}

// cut shortens s to at most max runes, ending in "…" when it cut.
func cut(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:max-1])) + "…"
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
