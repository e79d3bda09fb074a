package claim

import (
	"errors"
	"fmt"
)

// Span is where a claim stands in its article: Text is exactly the bytes
// Start..End of Part ("title" or "body"). The article aggregate finds a span
// in its text; the claim only checks that the parts agree.
type Span struct {
	Part       string
	Start, End int
	Text       string
	Sentence   string
}

func (s Span) validate() error {
	var errs []error
	if s.Part != "title" && s.Part != "body" {
		errs = append(errs, invalid("part", "unknown part %q (want title or body)", s.Part))
	}
	errs = append(errs, checkText("text", s.Text, MaxTextBytes, true),
		checkText("sentence", s.Sentence, MaxTextBytes, false))
	if s.Start < 0 || s.End <= s.Start || s.End-s.Start != len(s.Text) {
		errs = append(errs, invalid("start", "span %d..%d does not hold the %d bytes of text", s.Start, s.End, len(s.Text)))
	}
	return errors.Join(errs...)
}

// AddCommand is a claim a reviewer found in an article, with the id the
// app gave it.
type AddCommand struct {
	ClaimID   ID
	ArticleID string
	Kind      string
	Span      Span
	By        string
	Note      string
}

// Add opens the stream of a claim added by hand. Whether the same span and
// kind is already a live claim of the article is the app's question: it
// alone sees the article's other claims.
func Add(cmd AddCommand) ([]any, error) {
	err := errors.Join(cmd.ClaimID.Validate(), checkID("article_id", cmd.ArticleID), checkKind(cmd.Kind),
		cmd.Span.validate(), checkID("by", cmd.By), checkText("note", cmd.Note, MaxNoteBytes, false))
	if err != nil {
		return nil, fmt.Errorf("claim %s: add: %w", cmd.ClaimID, err)
	}
	s := cmd.Span
	return []any{Added{ClaimID: cmd.ClaimID, ArticleID: cmd.ArticleID, Kind: cmd.Kind, Text: s.Text,
		Part: s.Part, Start: s.Start, End: s.End, Sentence: s.Sentence, By: cmd.By, Note: cmd.Note}}, nil
}
