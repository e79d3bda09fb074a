package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
)

type claimData struct {
	Claim        app.ClaimView
	Article      app.ArticleView
	Verdicts     []claim.Verdict
	Reasons      []claim.Reason
	DismissCodes []claim.DismissCode
	MyVote       bool // the reader has a live vote to retract
}

func (s *Server) claim(w http.ResponseWriter, r *http.Request, sess *session) {
	s.showClaim(w, r, sess, http.StatusOK, "")
}

// showClaim renders the claim as the views hold it now, with msg on top:
// after a refused form, the reader sees why and the fresh state at once.
func (s *Server) showClaim(w http.ResponseWriter, r *http.Request, sess *session, code int, msg string) {
	c, err := s.qs.Claim(r.Context(), r.PathValue("id"), 0)
	if err != nil {
		s.failErr(w, r, sess, err)
		return
	}
	d := claimData{Claim: c, Verdicts: []claim.Verdict{claim.VerdictConfirm, claim.VerdictDispute, claim.VerdictUnverifiable},
		Reasons: claim.Reasons(), DismissCodes: claim.DismissCodes()}
	if a, err := s.qs.ArticleView(r.Context(), c.ArticleID); err == nil {
		d.Article = a
	}
	for _, v := range c.Votes {
		d.MyVote = d.MyVote || v.Reviewer == sess.actor.ID
	}
	s.render(w, r, sess, code, "claim", msg, d)
}

// mutation reads the fields every claim form carries: the claim from the
// path, the version the reader saw, a fresh request id.
func mutation(r *http.Request) (app.Mutation, string) {
	m := app.Mutation{RequestID: "web-" + randomToken(), ClaimID: r.PathValue("id")}
	v, err := strconv.ParseUint(formValue(r, "version"), 10, 64)
	if err != nil || v == 0 {
		return m, "version: the form lacks the claim's version; reload the page"
	}
	m.ExpectedVersion = &v
	return m, ""
}

// act runs a claim command from a form and shows the claim after it: with
// a notice on success, or the refusal and the fresh state.
func (s *Server) act(w http.ResponseWriter, r *http.Request, sess *session, done string,
	do func(app.Mutation) (app.Written, error)) {
	m, bad := mutation(r)
	if bad != "" {
		s.showClaim(w, r, sess, http.StatusBadRequest, bad)
		return
	}
	if _, err := do(m); err != nil {
		code, msg := classify(err)
		if code == http.StatusInternalServerError {
			s.log.Error("web: claim command", "path", r.URL.Path, "actor", sess.actor.ID, "err", err)
		}
		s.showClaim(w, r, sess, code, msg)
		return
	}
	s.showClaim(w, r, sess, http.StatusOK, done)
}

func (s *Server) review(w http.ResponseWriter, r *http.Request, sess *session) {
	v := claim.Vote{Verdict: claim.Verdict(formValue(r, "verdict")), Reason: claim.Reason(formValue(r, "reason")),
		CorrectedValue: formValue(r, "corrected"), Evidence: lines(r.PostFormValue("evidence")), Note: formValue(r, "note")}
	s.act(w, r, sess, "Your vote ("+string(v.Verdict)+") is recorded.", func(m app.Mutation) (app.Written, error) {
		return s.cmds.SubmitReview(r.Context(), sess.actor, m, v)
	})
}

func (s *Server) retract(w http.ResponseWriter, r *http.Request, sess *session) {
	s.act(w, r, sess, "Your vote is retracted.", func(m app.Mutation) (app.Written, error) {
		return s.cmds.RetractReview(r.Context(), sess.actor, m, formValue(r, "reason"))
	})
}

func (s *Server) reopen(w http.ResponseWriter, r *http.Request, sess *session) {
	s.act(w, r, sess, "The claim is reopened.", func(m app.Mutation) (app.Written, error) {
		return s.cmds.Reopen(r.Context(), sess.actor, m, formValue(r, "reason"))
	})
}

func (s *Server) dismiss(w http.ResponseWriter, r *http.Request, sess *session) {
	s.act(w, r, sess, "The claim is dismissed.", func(m app.Mutation) (app.Written, error) {
		return s.cmds.Dismiss(r.Context(), sess.actor, m, formValue(r, "reason"), formValue(r, "code"))
	})
}

func (s *Server) settle(w http.ResponseWriter, r *http.Request, sess *session) {
	s.act(w, r, sess, "The claim is settled.", func(m app.Mutation) (app.Written, error) {
		return s.cmds.Settle(r.Context(), sess.actor, m, claim.Verdict(formValue(r, "verdict")), formValue(r, "note"))
	})
}

// lines splits a text area into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
