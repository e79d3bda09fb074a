package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/claimledger/claimledger/app"
)

const (
	sessionCookie = "claimledger_session"
	// signinCookie carries the sign-in form's CSRF token (double submit):
	// before signing in there is no session to keep it in.
	signinCookie = "claimledger_signin"
	// maxFormBytes bounds a form; an article upload is the largest.
	maxFormBytes = 4 << 20
)

// handler is a page's handler, given the caller's session.
type handler func(w http.ResponseWriter, r *http.Request, s *session)

// page admits a signed-in caller whose role may ask for op: a caller with no
// live session goes to the sign-in page, a role the table refuses gets 403,
// and a form whose CSRF token is not the session's is refused before its
// handler reads it.
func (s *Server) page(op app.Operation, h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, why := s.session(r)
		if sess == nil {
			q := url.Values{"next": {r.URL.RequestURI()}}
			if why != "" {
				q.Set("why", why)
			}
			http.Redirect(w, r, "/signin?"+q.Encode(), http.StatusSeeOther)
			return
		}
		if msg := app.Refusal(op, sess.actor.Role); msg != "" {
			s.fail(w, r, sess, http.StatusForbidden, msg)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			if !sameToken(formValue(r, "csrf"), sess.csrf) {
				s.fail(w, r, sess, http.StatusForbidden, "this form is stale or was not sent from this desk (CSRF token missing or wrong): reload the page and try again")
				return
			}
		}
		h(w, r, sess)
	})
}

// session is the caller's live session, or nil and why there is none
// ("" when they never signed in).
func (s *Server) session(r *http.Request) (*session, string) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, ""
	}
	sess, ok := s.sessions.get(c.Value, s.cfg.Now())
	if !ok {
		return nil, "expired"
	}
	live, err := s.tokenLive(r.Context(), sess)
	if err != nil {
		s.log.Error("web: check session token", "actor", sess.actor.ID, "err", err)
		return nil, "error"
	}
	if !live {
		s.sessions.end(c.Value)
		return nil, "revoked"
	}
	return sess, ""
}

// tokenLive checks the session's token against the views whenever the log
// moved since the last check: a revocation ends the session on the next
// page, never later. Reading the reviewer at the head waits for the views
// to hold every event before it, the revocation included.
func (s *Server) tokenLive(ctx context.Context, sess *session) (bool, error) {
	head, err := s.qs.Head(ctx)
	if err != nil {
		return false, err
	}
	sess.mu.Lock()
	defer sess.mu.Unlock()
	if sess.checked == head && head != 0 {
		return true, nil
	}
	rv, err := s.qs.Reviewer(ctx, sess.actor.ID, head)
	if errors.Is(err, app.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, t := range rv.Tokens {
		if t.ID == sess.tokenID && !t.Revoked {
			sess.checked = head
			return true, nil
		}
	}
	return false, nil
}

func formValue(r *http.Request, key string) string {
	return strings.TrimSpace(r.PostFormValue(key))
}

func sameToken(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// setCookie sets an HttpOnly, SameSite=Strict cookie, Secure under TLS;
// maxAge < 0 deletes it.
func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.cfg.TLS, SameSite: http.SameSiteStrictMode})
}
