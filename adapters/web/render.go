package web

import (
	"bytes"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/claimledger/claimledger/app"
)

//go:embed templates static
var assets embed.FS

// pages are the parsed templates, each page with the layout.
type pages struct{ byName map[string]*template.Template }

var funcs = template.FuncMap{
	"time": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04:05Z")
	},
	"join": strings.Join,
	"hex":  func(b []byte) string { return hex.EncodeToString(b) },
}

func parsePages() (*pages, error) {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(assets, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", n, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// view is what every page's template gets.
type view struct {
	Page    string
	Actor   *app.Actor
	CSRF    string
	Message string // an error or a notice, shown at the top
	OK      bool   // the message is a notice: the request succeeded
	Data    any
}

// Can reports whether the signed-in role may ask for op, so a page shows
// only the forms its reader may send.
func (v view) Can(op string) bool {
	return v.Actor != nil && app.Allowed(app.Operation(op), v.Actor.Role)
}

// render writes page name; a template that fails writes nothing of itself,
// so the reader never gets half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, sess *session, code int, name, msg string, data any) {
	v := view{Page: name, Message: msg, OK: code < 400, Data: data}
	if sess != nil {
		v.Actor, v.CSRF = &sess.actor, sess.csrf
	}
	var buf bytes.Buffer
	if err := s.pages.byName[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("web: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}

// fail shows an error page with code and msg.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, sess *session, code int, msg string) {
	s.render(w, r, sess, code, "error", msg, http.StatusText(code))
}

// failErr shows err as the page classify says.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, sess *session, err error) {
	code, msg := classify(err)
	if code == http.StatusInternalServerError {
		s.log.Error("web: request failed", "path", r.URL.Path, "actor", sess.actor.ID, "err", err)
	}
	s.fail(w, r, sess, code, msg)
}
