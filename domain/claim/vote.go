package claim

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Vote is one reviewer's live opinion of a claim. A reviewer has at most one
// live vote per claim; changing it means retracting it and voting again, so
// the log shows both opinions.
type Vote struct {
	Reviewer       string    `json:"reviewer"`
	Verdict        Verdict   `json:"verdict"`
	Reason         Reason    `json:"reason,omitempty"`          // dispute only, required there
	CorrectedValue string    `json:"corrected_value,omitempty"` // dispute only, optional
	Evidence       []string  `json:"evidence,omitempty"`        // absolute http(s) URLs
	Note           string    `json:"note,omitempty"`
	At             time.Time `json:"at"` // set by the app: the domain does not read clocks
}

// Validate reports every problem with v at once, each an ErrInvalid naming
// its field, so a reviewer fixes a rejected vote in one go.
func (v Vote) Validate() error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(checkID("vote.reviewer", v.Reviewer))
	switch {
	case v.Verdict == "":
		add(invalid("vote.verdict", "required"))
	case !v.Verdict.Valid():
		add(invalid("vote.verdict", "unknown verdict %q (want confirm, dispute or unverifiable)", v.Verdict))
	}
	add(v.checkReason())
	add(checkText("vote.corrected_value", v.CorrectedValue, MaxCorrectedValueBytes, false))
	add(checkText("vote.note", v.Note, MaxNoteBytes, false))
	add(v.checkEvidence())
	if v.At.IsZero() {
		add(invalid("vote.at", "required"))
	}
	return errors.Join(errs...)
}

// checkReason enforces that a dispute says what is wrong, and that nothing
// else pretends to: a reason or a corrected value on a confirmation would be
// counted in dispute statistics by anyone reading the events naively.
func (v Vote) checkReason() error {
	var errs []error
	switch {
	case v.Verdict == VerdictDispute && v.Reason == "":
		errs = append(errs, invalid("vote.reason", "required for a dispute (one of %s)", reasonList()))
	case v.Verdict == VerdictDispute && !v.Reason.Valid():
		errs = append(errs, invalid("vote.reason", "unknown reason %q (want one of %s)", v.Reason, reasonList()))
	case v.Verdict != VerdictDispute && v.Reason != "":
		errs = append(errs, invalid("vote.reason", "only a dispute carries a reason"))
	}
	if v.Verdict != VerdictDispute && v.CorrectedValue != "" {
		errs = append(errs, invalid("vote.corrected_value", "only a dispute carries a corrected value"))
	}
	return errors.Join(errs...)
}

func (v Vote) checkEvidence() error {
	if len(v.Evidence) > MaxEvidence {
		return invalid("vote.evidence", "%d links, at most %d", len(v.Evidence), MaxEvidence)
	}
	var errs []error
	for i, link := range v.Evidence {
		field := fmt.Sprintf("vote.evidence[%d]", i)
		if err := checkURL(field, link); err != nil {
			errs = append(errs, err)
		} else if j := slices.Index(v.Evidence[:i], link); j >= 0 {
			errs = append(errs, invalid(field, "same link as vote.evidence[%d]", j))
		}
	}
	return errors.Join(errs...)
}

// canonical is the form a vote is recorded in: time in UTC without a
// monotonic reading, so the payload does not depend on the server's zone and
// a vote read back from the log equals the one decided; evidence copied, so
// the caller's slice cannot change the claim afterwards, and nil when empty,
// because that is what an omitted "evidence" decodes to.
func (v Vote) canonical() Vote {
	v.At = v.At.UTC()
	v.Evidence = slices.Clone(v.Evidence)
	if len(v.Evidence) == 0 {
		v.Evidence = nil
	}
	return v
}
