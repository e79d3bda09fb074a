package claim

// Status is where a claim is in the review workflow.
type Status string

const (
	StatusExtracted    Status = "extracted"
	StatusUnderReview  Status = "under_review"
	StatusConfirmed    Status = "confirmed"
	StatusDisputed     Status = "disputed"
	StatusUnverifiable Status = "unverifiable"
	StatusContested    Status = "contested"
	StatusDismissed    Status = "dismissed"
)

// Statuses lists every status in workflow order, for tables and views.
func Statuses() []Status {
	return []Status{StatusExtracted, StatusUnderReview, StatusConfirmed, StatusDisputed,
		StatusUnverifiable, StatusContested, StatusDismissed}
}

// Final reports whether the claim rests there until someone reopens it.
// Contested is not final: the reviewers disagree and an editor must settle it.
func (s Status) Final() bool {
	switch s {
	case StatusConfirmed, StatusDisputed, StatusUnverifiable, StatusDismissed:
		return true
	}
	return false
}

// Valid reports whether s is one of the statuses above.
func (s Status) Valid() bool {
	switch s {
	case StatusExtracted, StatusUnderReview, StatusContested:
		return true
	}
	return s.Final()
}

// Verdict is one reviewer's (or the settling editor's) opinion of a claim.
type Verdict string

const (
	VerdictConfirm      Verdict = "confirm"
	VerdictDispute      Verdict = "dispute"
	VerdictUnverifiable Verdict = "unverifiable"
)

// ParseVerdict accepts exactly the wire spelling; anything else is an
// ErrInvalid naming the field "verdict".
func ParseVerdict(s string) (Verdict, error) {
	v := Verdict(s)
	if !v.Valid() {
		return "", invalid("verdict", "unknown verdict %q (want confirm, dispute or unverifiable)", s)
	}
	return v, nil
}

// Valid reports whether v is one of the verdicts above.
func (v Verdict) Valid() bool { return v.Status() != "" }

// Status is the final status a decision with this verdict leads to, or ""
// for an unknown verdict.
func (v Verdict) Status() Status {
	switch v {
	case VerdictConfirm:
		return StatusConfirmed
	case VerdictDispute:
		return StatusDisputed
	case VerdictUnverifiable:
		return StatusUnverifiable
	}
	return ""
}
