package article

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Span is a stretch of the article: Text is exactly the bytes Start..End
// of Part ("title" or "body"), and Sentence the sentence around it.
type Span struct {
	Part       string
	Start, End int
	Text       string
	Sentence   string
}

// Text is the article as one text, the headline, a line break, the body:
// the file claimctl ingests when its first line is the headline. Offsets a
// reviewer gives count into it, as the corpus's offsets count into a file.
func (a *Article) Text() string { return a.title + "\n" + a.body }

// Locate maps byte offsets into Text to the part they fall in. The span
// must be non-empty, within the text, on UTF-8 character boundaries and
// inside one part; each problem is an ErrInvalid naming start or end.
func (a *Article) Locate(start, end int) (Span, error) {
	text := a.Text()
	switch {
	case start < 0 || start > len(text):
		return Span{}, invalid("start", "%d is outside the article's %d bytes", start, len(text))
	case end < 0 || end > len(text):
		return Span{}, invalid("end", "%d is outside the article's %d bytes", end, len(text))
	case end <= start:
		return Span{}, invalid("end", "%d is not after start %d: a claim is not empty", end, start)
	case !boundary(text, start):
		return Span{}, invalid("start", "byte %d is inside a UTF-8 character", start)
	case !boundary(text, end):
		return Span{}, invalid("end", "byte %d is inside a UTF-8 character", end)
	}
	if n := len(a.title); start < n && end > n || start == n {
		return Span{}, invalid("start", "span %d..%d crosses the line break between headline and body", start, end)
	}
	if end <= len(a.title) {
		return span("title", a.title, start, end), nil
	}
	off := len(a.title) + 1
	return span("body", a.body, start-off, end-off), nil
}

// Find locates text, which must occur exactly once in Text; otherwise it
// is an ErrInvalid naming every offset it occurs at, so the caller can
// choose one.
func (a *Article) Find(text string) (Span, error) {
	if strings.TrimSpace(text) == "" {
		return Span{}, invalid("text", "required")
	}
	full := a.Text()
	var at []int
	for i := 0; ; {
		j := strings.Index(full[i:], text)
		if j < 0 {
			break
		}
		at = append(at, i+j)
		i += j + 1
	}
	switch len(at) {
	case 0:
		return Span{}, invalid("text", "%q does not occur in the article", text)
	case 1:
		return a.Locate(at[0], at[0]+len(text))
	}
	spans := make([]string, len(at))
	for i, s := range at {
		spans[i] = fmt.Sprintf("%d..%d", s, s+len(text))
	}
	return Span{}, invalid("text", "%q occurs %d times, at byte offsets %s: give start and end", text, len(at), strings.Join(spans, ", "))
}

// FileOffset is where a part's byte offset lies in Text.
func (a *Article) FileOffset(part string, off int) int {
	if part == "title" {
		return off
	}
	return len(a.title) + 1 + off
}

func boundary(s string, i int) bool { return i == len(s) || utf8.RuneStart(s[i]) }

func span(part, text string, start, end int) Span {
	return Span{Part: part, Start: start, End: end, Text: text[start:end], Sentence: sentenceAround(text, start, end)}
}

// sentenceAround widens start..end to the sentence holding it: from after
// the last sentence end or line break before it to the next one after it.
// A reviewer reads the claim in it; it need not match the extractor's.
func sentenceAround(text string, start, end int) string {
	lo := 0
	for _, sep := range []string{". ", "! ", "? ", "\n"} {
		if i := strings.LastIndex(text[:start], sep); i >= 0 && i+len(sep) > lo {
			lo = i + len(sep)
		}
	}
	hi := len(text)
	for _, sep := range []string{". ", "! ", "? ", "\n"} {
		if i := strings.Index(text[end:], sep); i >= 0 && end+i+1 < hi {
			hi = end + i + 1
		}
	}
	return strings.TrimSpace(text[lo:hi])
}
