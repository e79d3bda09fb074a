package claim

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ExtractCommand is one claim the extractor found, with the id the app gave
// it. Normalized may be any value that encodes to a JSON object (the
// extractor's *extract.Value, a map) or nil.
type ExtractCommand struct {
	ClaimID    ID
	ArticleID  string
	Kind       string
	Text       string
	Part       string // "title", "body" or "" when the offsets are into the whole text
	Start, End int
	Sentence   string
	Normalized any
	Speaker    string
	Checks     []Check
	// ExtractorVersion is the version of the extractor that found it.
	ExtractorVersion string
}

// Extract opens a claim: Extracted, followed by Flagged when a consistency
// check failed. Whether the stream is new is the store's business (append at
// expected version 0), not the aggregate's.
func Extract(cmd ExtractCommand) ([]any, error) {
	norm, err := cmd.validate()
	if err != nil {
		return nil, fmt.Errorf("claim %s: extract: %w", cmd.ClaimID, err)
	}
	e := Extracted{
		ClaimID: cmd.ClaimID, ArticleID: cmd.ArticleID, Kind: cmd.Kind, Text: cmd.Text,
		Part: cmd.Part, Start: cmd.Start, End: cmd.End, Sentence: cmd.Sentence,
		Normalized: norm, Speaker: cmd.Speaker, ExtractorVersion: cmd.ExtractorVersion,
	}
	var failed []Check
	for _, ch := range cmd.Checks {
		e.Checks = append(e.Checks, ch)
		if ch.Result == CheckFail {
			failed = append(failed, ch)
		}
	}
	if failed == nil {
		return []any{e}, nil
	}
	return []any{e, Flagged{Checks: failed}}, nil
}

// validate reports every problem at once and returns Normalized in the form
// it takes after a trip through the log, so the claim the app applies the
// new events to equals the one it will later read back.
func (cmd ExtractCommand) validate() (map[string]any, error) {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(cmd.ClaimID.Validate())
	add(checkID("article_id", cmd.ArticleID))
	add(checkID("kind", cmd.Kind))
	add(checkText("text", cmd.Text, MaxTextBytes, true))
	add(checkText("sentence", cmd.Sentence, MaxSentenceBytes, false))
	add(checkText("speaker", cmd.Speaker, MaxNoteBytes, false))
	add(checkID("extractor_version", cmd.ExtractorVersion))
	switch cmd.Part {
	case "", "title", "body":
	default:
		add(invalid("part", "unknown part %q (want title, body or empty)", cmd.Part))
	}
	// Text is exactly the bytes Start..End of the part, which is what lets a
	// reviewer find it again; a mismatch means offsets and text disagree.
	if cmd.Start < 0 || cmd.End < cmd.Start || cmd.End-cmd.Start != len(cmd.Text) {
		add(invalid("start", "span %d..%d does not hold the %d bytes of text", cmd.Start, cmd.End, len(cmd.Text)))
	}
	for i, ch := range cmd.Checks {
		field := fmt.Sprintf("checks[%d]", i)
		add(checkID(field+".name", ch.Name))
		add(checkText(field+".detail", ch.Detail, MaxNoteBytes, false))
		switch ch.Result {
		case CheckPass, CheckWarn, CheckFail:
		default:
			add(invalid(field+".result", "unknown result %q (want pass, warn or fail)", ch.Result))
		}
	}
	norm, err := normalize(cmd.Normalized)
	add(err)
	return norm, errors.Join(errs...)
}

// normalize turns v into what encoding/json decodes its encoding into, so a
// float is a float64 and a struct a map on both sides of the log.
func normalize(v any) (map[string]any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, invalid("normalized", "cannot be encoded as JSON: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, invalid("normalized", "not a JSON object")
	}
	if len(m) == 0 {
		return nil, nil
	}
	return m, nil
}
