// Package extract turns a news article into checkable claims and flags the
// ones that contradict the article itself. It is deterministic, uses only the
// standard library and never loads a model: every rule is a word list, a
// scanner or a band in rules.go, so a reviewer can read why a claim exists.
package extract

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrInvalidText is returned for input that is not valid UTF-8: offsets are
// UTF-8 byte offsets, so there is no honest way to report them otherwise.
var ErrInvalidText = errors.New("text is not valid UTF-8")

// Part names the field of an Article a claim's offsets index into.
type Part string

const (
	PartTitle Part = "title"
	PartBody  Part = "body"
)

// Article is the input of Extract. Published is the zero time when unknown;
// relative dates then resolve against a dateline found in the body, if any.
type Article struct {
	Title     string
	Body      string
	Published time.Time
}

// FromText splits a whole file the way the corpus is laid out: the first line
// is the headline and the rest is the body. It returns the byte offset at
// which the body starts, so callers can map body offsets back to the file.
func FromText(text string, published time.Time) (Article, int) {
	i := strings.IndexByte(text, '\n')
	if i < 0 {
		return Article{Title: text, Published: published}, len(text)
	}
	title := strings.TrimSuffix(text[:i], "\r")
	return Article{Title: title, Body: text[i+1:], Published: published}, i + 1
}

func (a Article) validate() error {
	if !utf8.ValidString(a.Title) {
		return fmt.Errorf("title: %w", ErrInvalidText)
	}
	if !utf8.ValidString(a.Body) {
		return fmt.Errorf("body: %w", ErrInvalidText)
	}
	return nil
}
