package claim

// Editorial actions: reopen, dismiss, settle. Who may take them (editors)
// is the app's check against the caller's role; the domain only knows which
// statuses allow them, and that each leaves its reason in the log.

// Reopen starts a new review round on a final claim (confirmed, disputed,
// unverifiable or dismissed): the live votes are cleared and the claim is
// under review again. The reason is required, because reopening sets aside
// the reviewers' decision.
func (c *Claim) Reopen(by, reason string) ([]any, error) {
	const op = "reopen"
	if err := checkActorReason(by, reason); err != nil {
		return nil, c.fail(op, err)
	}
	if !c.status.Final() {
		return nil, c.fail(op, &TransitionError{Action: op, From: c.status})
	}
	return []any{
		Reopened{By: by, Reason: reason},
		StatusChanged{From: c.status, To: StatusUnderReview, Cause: CauseReopen, By: by, Note: reason},
	}, nil
}

// Dismiss takes a claim that is not a checkable claim out of review, from
// extracted, under review or contested. A final claim is reopened first, so
// a decision is never silently replaced by a dismissal. The reason is
// required; code is one of DismissCodes, or DismissUnspecified.
func (c *Claim) Dismiss(by, reason string, code DismissCode) ([]any, error) {
	const op = "dismiss"
	if err := checkActorReason(by, reason); err != nil {
		return nil, c.fail(op, err)
	}
	if code != DismissUnspecified {
		var err error
		if code, err = ParseDismissCode(string(code)); err != nil { // "" is unspecified
			return nil, c.fail(op, err)
		}
	}
	if err := c.illegal(op, StatusExtracted, StatusUnderReview, StatusContested); err != nil {
		return nil, c.fail(op, err)
	}
	return []any{
		Dismissed{By: by, Reason: reason, Code: code},
		StatusChanged{From: c.status, To: StatusDismissed, Cause: CauseDismissal, By: by, Note: reason},
	}, nil
}

// Settle is an editor's decision on a contested claim, and the only way out
// of contested other than a retraction, a dismissal or more disagreement.
// The live votes stay as they are: they are the record of the disagreement.
func (c *Claim) Settle(editor string, v Verdict, note string) ([]any, error) {
	const op = "settle"
	if err := checkID("editor", editor); err != nil {
		return nil, c.fail(op, err)
	}
	if v == "" {
		return nil, c.fail(op, invalid("verdict", "required"))
	}
	if _, err := ParseVerdict(string(v)); err != nil {
		return nil, c.fail(op, err)
	}
	if err := checkText("note", note, MaxNoteBytes, false); err != nil {
		return nil, c.fail(op, err)
	}
	if err := c.illegal(op, StatusContested); err != nil {
		return nil, c.fail(op, err)
	}
	return []any{
		Settled{Editor: editor, Verdict: v, Note: note},
		StatusChanged{From: c.status, To: v.Status(), Cause: CauseSettlement, By: editor, Note: note},
	}, nil
}

func checkActorReason(by, reason string) error {
	if err := checkID("by", by); err != nil {
		return err
	}
	if err := checkText("reason", reason, MaxNoteBytes, false); err != nil {
		return err
	}
	if isBlank(reason) {
		return ErrReasonRequired
	}
	return nil
}
