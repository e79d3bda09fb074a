package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/claimledger/claimledger/app"
)

// whyMessages explain, on the sign-in page, why a session ended.
var whyMessages = map[string]string{
	"expired": "Your session has expired: sign in again.",
	"revoked": "Your session ended: the token it was opened with has been revoked.",
	"error":   "Your session could not be checked: sign in again.",
	"out":     "You have signed out.",
}

type signinData struct {
	Next  string
	Token string // the sign-in form's CSRF token
}

// signinPage shows the token form, with a fresh double-submit token.
func (s *Server) signinPage(w http.ResponseWriter, r *http.Request) {
	tok := randomToken()
	s.setCookie(w, signinCookie, tok, 600)
	s.render(w, r, nil, http.StatusOK, "signin", whyMessages[r.URL.Query().Get("why")],
		signinData{Next: safeNext(r.URL.Query().Get("next")), Token: tok})
}

// signin trades a bearer token for a session cookie.
func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	c, err := r.Cookie(signinCookie)
	if err != nil || !sameToken(formValue(r, "csrf"), c.Value) {
		s.signinAgain(w, r, http.StatusForbidden, "This sign-in form is stale (CSRF token missing or wrong): try again.")
		return
	}
	cred := formValue(r, "token")
	if cred == "" {
		s.signinAgain(w, r, http.StatusBadRequest, "Enter your token.")
		return
	}
	// A token issued a moment ago signs in: the views first catch up with
	// the log, as every query does.
	if err := s.caughtUp(r.Context()); err != nil {
		s.log.Warn("web: views behind the log at sign-in", "err", err)
	}
	actor, ok, err := s.qs.Authenticate(r.Context(), cred)
	if err != nil {
		s.log.Error("web: authenticate", "err", err)
		s.signinAgain(w, r, http.StatusInternalServerError, "The server could not check the token; try again shortly.")
		return
	}
	if !ok {
		s.signinAgain(w, r, http.StatusUnauthorized, "That token is not valid or has been revoked.")
		return
	}
	tokenID, _, _ := app.SplitCredential(cred)
	value, _ := s.sessions.start(actor, tokenID, s.cfg.Now())
	s.setCookie(w, sessionCookie, value, int(s.cfg.SessionTTL.Seconds()))
	s.setCookie(w, signinCookie, "", -1)
	s.log.Info("web: signed in", "actor", actor.ID, "token", tokenID)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *Server) signinAgain(w http.ResponseWriter, r *http.Request, code int, msg string) {
	tok := randomToken()
	s.setCookie(w, signinCookie, tok, 600)
	s.render(w, r, nil, code, "signin", msg, signinData{Next: safeNext(r.PostFormValue("next")), Token: tok})
}

// signout ends the session; it needs the session's CSRF token, so no other
// site can sign a reviewer out.
func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if c, err := r.Cookie(sessionCookie); err == nil {
		if sess, ok := s.sessions.get(c.Value, s.cfg.Now()); ok {
			if !sameToken(formValue(r, "csrf"), sess.csrf) {
				s.fail(w, r, sess, http.StatusForbidden, "this form is stale or was not sent from this desk (CSRF token missing or wrong): reload the page and try again")
				return
			}
			s.sessions.end(c.Value)
		}
	}
	s.setCookie(w, sessionCookie, "", -1)
	http.Redirect(w, r, "/signin?why=out", http.StatusSeeOther)
}

// safeNext keeps a redirect after sign-in on this site: a path, never
// "//host" or a URL.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.HasPrefix(next, "/signin") {
		return "/queue"
	}
	return next
}

// caughtUp waits, bounded by the queries' MaxWait, until the views hold
// every event the log held when it was called.
func (s *Server) caughtUp(ctx context.Context) error {
	head, err := s.qs.Head(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.qs.MaxWait)
	defer cancel()
	return s.qs.Views().WaitApplied(ctx, head)
}
