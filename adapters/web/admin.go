package web

import (
	"net/http"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// adminPage is the most reviewers the admin page lists.
const adminPage = 500

type adminData struct {
	Reviewers []app.ReviewerView
	Roles     []reviewer.Role
	// NewToken is a credential just issued: shown on this answer only,
	// never recorded (the ledger keeps its hash).
	NewToken, NewTokenFor string
}

func (s *Server) admin(w http.ResponseWriter, r *http.Request, sess *session) {
	s.showAdmin(w, r, sess, http.StatusOK, "", adminData{})
}

func (s *Server) showAdmin(w http.ResponseWriter, r *http.Request, sess *session, code int, msg string, d adminData) {
	rs, err := s.qs.Reviewers(r.Context(), "", adminPage, 0)
	if err != nil {
		s.failErr(w, r, sess, err)
		return
	}
	d.Reviewers, d.Roles = rs, reviewer.Roles()
	s.render(w, r, sess, code, "admin", msg, d)
}

// adminResult shows the admin page after a command, with its refusal or
// notice.
func (s *Server) adminResult(w http.ResponseWriter, r *http.Request, sess *session, err error, done string, d adminData) {
	if err != nil {
		code, msg := classify(err)
		if code == http.StatusInternalServerError {
			s.log.Error("web: admin command", "path", r.URL.Path, "actor", sess.actor.ID, "err", err)
		}
		s.showAdmin(w, r, sess, code, msg, adminData{})
		return
	}
	s.showAdmin(w, r, sess, http.StatusOK, done, d)
}

func (s *Server) register(w http.ResponseWriter, r *http.Request, sess *session) {
	name := formValue(r, "name")
	is, err := s.cmds.RegisterReviewer(r.Context(), sess.actor, "web-"+randomToken(), name, reviewer.Role(formValue(r, "role")))
	s.adminResult(w, r, sess, err, name+" is registered. Give them the token below: it is shown this once.",
		adminData{NewToken: is.Credential, NewTokenFor: is.ReviewerID})
}

func (s *Server) issue(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("id")
	is, err := s.cmds.IssueToken(r.Context(), sess.actor, "web-"+randomToken(), id, nil)
	s.adminResult(w, r, sess, err, "A new token for "+id+": it is shown this once.",
		adminData{NewToken: is.Credential, NewTokenFor: is.ReviewerID})
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request, sess *session) {
	id, token := r.PathValue("id"), r.PathValue("token")
	_, err := s.cmds.RevokeToken(r.Context(), sess.actor, "web-"+randomToken(), id, token, formValue(r, "reason"), nil)
	s.adminResult(w, r, sess, err, "Token "+token+" of "+id+" is revoked: its sessions end on their next page.", adminData{})
}
