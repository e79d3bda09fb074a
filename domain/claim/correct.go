package claim

import (
	"errors"
	"fmt"
)

// Correct is an editor's fix of a claim's kind or span, in any status but
// dismissed (a dismissed claim is reopened first). The live votes stay:
// they were cast on the statement, which the correction only delimits
// better. A correction that changes nothing is refused, so every
// correction in the log is one.
func (c *Claim) Correct(by, kind string, s Span, note string) ([]any, error) {
	const op = "correct"
	if err := errors.Join(checkID("by", by), checkKind(kind), s.validate(),
		checkText("note", note, MaxNoteBytes, false)); err != nil {
		return nil, c.fail(op, err)
	}
	if c.status == StatusDismissed || c.status == "" {
		return nil, c.fail(op, &TransitionError{Action: op, From: c.status})
	}
	if !c.changes(kind, s) {
		return nil, c.fail(op, invalid("kind", "the claim already has this kind and span"))
	}
	return []any{c.corrected(by, "", kind, s, c.normalizedAfter(kind, s), note)}, nil
}

// Reextract records what the current extractor now finds for a claim
// nobody has reviewed: another span or kind, with the value it reads
// there. A reviewed claim (see Reviewed) is never changed by an extractor;
// asking is an ErrIllegalTransition.
func (c *Claim) Reextract(by, version, kind string, s Span, normalized any) ([]any, error) {
	const op = "re-extract"
	if err := errors.Join(checkID("by", by), checkID("extractor_version", version), checkKind(kind), s.validate()); err != nil {
		return nil, c.fail(op, err)
	}
	if c.Reviewed() {
		return nil, c.fail(op, fmt.Errorf("%w: the claim has been reviewed", ErrIllegalTransition))
	}
	norm, err := normalize(normalized)
	if err != nil {
		return nil, c.fail(op, err)
	}
	if !c.changes(kind, s) {
		return nil, c.fail(op, invalid("kind", "the claim already has this kind and span"))
	}
	return []any{c.corrected(by, version, kind, s, norm, "")}, nil
}

func (c *Claim) changes(kind string, s Span) bool {
	return kind != c.kind || s.Part != c.part || s.Start != c.start || s.End != c.end
}

// normalizedAfter keeps the extractor's value when only the span's edges
// moved within the same kind; a new kind makes it meaningless.
func (c *Claim) normalizedAfter(kind string, _ Span) map[string]any {
	if kind != c.kind {
		return nil
	}
	return c.Normalized()
}

func (c *Claim) corrected(by, version, kind string, s Span, norm map[string]any, note string) Corrected {
	return Corrected{By: by, ExtractorVersion: version, Kind: kind, Text: s.Text, Part: s.Part,
		Start: s.Start, End: s.End, Sentence: s.Sentence, Normalized: norm,
		FromKind: c.kind, FromText: c.text, FromPart: c.part, FromStart: c.start, FromEnd: c.end, Note: note}
}
