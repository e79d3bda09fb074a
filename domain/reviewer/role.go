package reviewer

// Role is what a person is trusted to do. Roles are coarse on purpose: four
// roles a newsroom recognises, not a permission matrix per user.
type Role string

const (
	RoleReviewer Role = "reviewer"
	RoleEditor   Role = "editor"
	RoleAuditor  Role = "auditor"
	RoleAdmin    Role = "admin"
)

// Roles lists every role, least trusted first.
func Roles() []Role { return []Role{RoleReviewer, RoleAuditor, RoleEditor, RoleAdmin} }

// ParseRole accepts exactly the wire spelling; anything else is an
// ErrInvalid naming the field "role".
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", invalid("role", "unknown role %q (want reviewer, editor, auditor or admin)", s)
	}
	return r, nil
}

// Valid reports whether r is one of the roles above.
func (r Role) Valid() bool { return capabilities[r] != nil }

// Action is something a caller asks to do; the app checks Can before it
// decides anything.
type Action string

const (
	ActionIngest  Action = "ingest"  // submit articles
	ActionRead    Action = "read"    // get, list, watch claims and articles
	ActionReview  Action = "review"  // submit and retract one's own votes
	ActionSettle  Action = "settle"  // decide a contested claim
	ActionReopen  Action = "reopen"  // start a new review round on a final claim
	ActionDismiss Action = "dismiss" // take a non-claim out of review
	ActionLink    Action = "link"    // mark two claims as the same statement
	ActionAudit   Action = "audit"   // read full histories and verify the hash chain
	ActionExport  Action = "export"  // export verified claim sets
	ActionAdmin   Action = "admin"   // register reviewers, issue and revoke tokens

	ActionAddClaim  Action = "add_claim" // add a claim the extractor missed
	ActionCorrect   Action = "correct"   // correct a claim's kind or span
	ActionReextract Action = "reextract" // run the current extractor again on ingested articles
)

// Actions lists every action.
func Actions() []Action {
	return []Action{ActionIngest, ActionRead, ActionReview, ActionSettle, ActionReopen,
		ActionDismiss, ActionLink, ActionAudit, ActionExport, ActionAdmin,
		ActionAddClaim, ActionCorrect, ActionReextract}
}

// capabilities is the design's table:
//
//	reviewer: read, ingest, review, link, export, add_claim
//	editor:   what a reviewer can, plus settle, reopen, dismiss, correct, reextract
//	auditor:  read, audit, export (an auditor checks the work, so takes no part in it)
//	admin:    everything
var capabilities = func() map[Role]map[Action]bool {
	set := func(actions ...Action) map[Action]bool {
		m := map[Action]bool{}
		for _, a := range actions {
			m[a] = true
		}
		return m
	}
	reviewer := []Action{ActionRead, ActionIngest, ActionReview, ActionLink, ActionExport, ActionAddClaim}
	return map[Role]map[Action]bool{
		RoleReviewer: set(reviewer...),
		RoleEditor:   set(append(reviewer, ActionSettle, ActionReopen, ActionDismiss, ActionCorrect, ActionReextract)...),
		RoleAuditor:  set(ActionRead, ActionAudit, ActionExport),
		RoleAdmin:    set(Actions()...),
	}
}()

// Can reports whether role r may take action a. An unknown role can do
// nothing and an unknown action is allowed to nobody, so a typo fails closed.
func (r Role) Can(a Action) bool { return capabilities[r][a] }
