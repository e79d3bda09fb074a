package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/claimledger/claimledger/app"
)

// maxUploadBytes bounds an uploaded article file.
const maxUploadBytes = 1 << 20

type ingestData struct{ Title, Body, URL, Published string }

func (s *Server) ingestPage(w http.ResponseWriter, r *http.Request, sess *session) {
	s.render(w, r, sess, http.StatusOK, "ingest", "", ingestData{})
}

// ingest records a pasted or uploaded article and opens it. A refused
// article shows the form again, filled in, with what to fix; nothing is
// recorded.
func (s *Server) ingest(w http.ResponseWriter, r *http.Request, sess *session) {
	in := ingestData{Title: formValue(r, "title"), Body: r.PostFormValue("body"),
		URL: formValue(r, "url"), Published: formValue(r, "published")}
	body, err := uploaded(r)
	if err != nil {
		s.render(w, r, sess, http.StatusBadRequest, "ingest", err.Error(), in)
		return
	}
	if body == nil {
		body = []byte(in.Body)
	}
	res, err := s.cmds.IngestArticle(r.Context(), sess.actor, app.IngestArticle{
		RequestID: "web-" + randomToken(), Title: in.Title, Body: body, URL: in.URL, Published: in.Published})
	if err != nil {
		code, msg := classify(err)
		if code == http.StatusInternalServerError {
			s.log.Error("web: ingest", "actor", sess.actor.ID, "err", err)
		}
		s.render(w, r, sess, code, "ingest", msg, in)
		return
	}
	http.Redirect(w, r, "/articles/"+res.ArticleID, http.StatusSeeOther)
}

// uploaded is the body of an uploaded file, nil when none was sent.
func uploaded(r *http.Request) ([]byte, error) {
	f, _, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("file: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxUploadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("file: %w", err)
	}
	if len(b) > maxUploadBytes {
		return nil, fmt.Errorf("file: larger than %d bytes", maxUploadBytes)
	}
	if len(b) == 0 {
		return nil, nil
	}
	return b, nil
}
