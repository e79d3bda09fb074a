package claim

import "strings"

// Reason says what is wrong with a disputed claim. The codes are fixed so
// that exports and statistics can count them; the free text goes in the note.
type Reason string

const (
	ReasonWrongValue             Reason = "wrong_value"
	ReasonWrongUnitOrCurrency    Reason = "wrong_unit_or_currency"
	ReasonWrongDate              Reason = "wrong_date"
	ReasonMisattributed          Reason = "misattributed"
	ReasonOutOfContext           Reason = "out_of_context"
	ReasonInternallyInconsistent Reason = "internally_inconsistent"
	ReasonConflictingEvidence    Reason = "conflicting_evidence"
)

// Reasons lists every reason code, in the order the design names them.
func Reasons() []Reason {
	return []Reason{ReasonWrongValue, ReasonWrongUnitOrCurrency, ReasonWrongDate,
		ReasonMisattributed, ReasonOutOfContext, ReasonInternallyInconsistent,
		ReasonConflictingEvidence}
}

// Valid reports whether r is one of the codes above (the empty reason is not).
func (r Reason) Valid() bool {
	for _, known := range Reasons() {
		if r == known {
			return true
		}
	}
	return false
}

// ParseReason accepts exactly the wire spelling; anything else is an
// ErrInvalid naming the field "reason" and listing the codes, because a
// reviewer typing one on the command line needs to see them.
func ParseReason(s string) (Reason, error) {
	r := Reason(s)
	if !r.Valid() {
		return "", invalid("reason", "unknown reason %q (want one of %s)", s, reasonList())
	}
	return r, nil
}

func reasonList() string {
	names := make([]string, 0, len(Reasons()))
	for _, r := range Reasons() {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}
