package web

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
)

// exportPageSize is how many claims a download reads from the views at a
// time: the memory a download holds, whatever its size.
const exportPageSize = 500

// exportRequest is what the Export page's form asks for.
type exportRequest struct {
	Format, Status, Kind, Article, Org, Base string
}

type exportData struct {
	Request  exportRequest
	Formats  []app.ExportFormat
	Statuses []claim.Status
	Kinds    []string
}

// exportPage offers the download: the verified set (confirmed claims)
// unless another status is picked, its ClaimReview urls on this desk.
func (s *Server) exportPage(w http.ResponseWriter, r *http.Request, sess *session) {
	scheme := "http"
	if s.cfg.TLS {
		scheme = "https"
	}
	d := exportData{Request: exportRequest{Format: "claimreview", Status: string(claim.StatusConfirmed),
		Org: "ClaimLedger", Base: scheme + "://" + r.Host},
		Formats: s.cfg.Exporter.Formats(), Statuses: claim.Statuses(), Kinds: claim.Kinds()}
	s.render(w, r, sess, http.StatusOK, "export", "", d)
}

// download streams the export as a file. Every problem with the request is
// found before the first byte is written; a failure after that aborts the
// response, so the browser reports a failed download rather than keeping
// a file that looks complete and is not.
func (s *Server) download(w http.ResponseWriter, r *http.Request, sess *session) {
	q := r.URL.Query()
	in := exportRequest{Format: q.Get("format"), Status: q.Get("status"), Kind: q.Get("kind"),
		Article: strings.TrimSpace(q.Get("article")), Org: strings.TrimSpace(q.Get("org")), Base: strings.TrimSpace(q.Get("base"))}
	f, format, err := s.exportFilter(in)
	if err != nil {
		s.fail(w, r, sess, http.StatusBadRequest, err.Error())
		return
	}
	rd, err := s.cfg.Exporter.Renderer(format.Name, app.ExportOptions{Org: in.Org, BaseURL: in.Base})
	if err != nil {
		s.failErr(w, r, sess, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", format.MediaType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": exportName(in, format)}))
	h.Set("Cache-Control", "no-store")
	err = rd.Begin(w)
	if err == nil {
		err = s.qs.EachClaim(r.Context(), f, exportPageSize, 0, rd.Write)
	}
	if err == nil {
		err = rd.End()
	}
	if err != nil {
		if r.Context().Err() == nil { // not the reader leaving
			s.log.Error("web: export", "actor", sess.actor.ID, "format", format.Name, "err", err)
		}
		panic(http.ErrAbortHandler)
	}
}

// exportFilter checks the request, naming every field that is wrong.
func (s *Server) exportFilter(in exportRequest) (app.ClaimFilter, app.ExportFormat, error) {
	var problems []string
	formats := s.cfg.Exporter.Formats()
	i := slices.IndexFunc(formats, func(f app.ExportFormat) bool { return f.Name == in.Format })
	if i < 0 {
		names := make([]string, len(formats))
		for j, f := range formats {
			names[j] = f.Name
		}
		problems = append(problems, fmt.Sprintf("format: want one of %s, got %q", strings.Join(names, ", "), in.Format))
	}
	st := claim.Status(in.Status)
	if in.Status != "" && !st.Valid() {
		problems = append(problems, fmt.Sprintf("status: unknown status %q", in.Status))
	}
	if in.Kind != "" && !slices.Contains(claim.Kinds(), in.Kind) {
		problems = append(problems, fmt.Sprintf("kind: unknown kind %q", in.Kind))
	}
	if in.Base != "" {
		if u, err := url.Parse(in.Base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, fmt.Sprintf("base url: want an http or https address, got %q", in.Base))
		}
	}
	if len(problems) > 0 {
		return app.ClaimFilter{}, app.ExportFormat{}, fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return app.ClaimFilter{Status: st, Kind: in.Kind, ArticleID: in.Article}, formats[i], nil
}

// exportName names the file after what it holds:
// claimledger-confirmed.json, claimledger-all-money-ART.csv.
func exportName(in exportRequest, f app.ExportFormat) string {
	parts := []string{"claimledger", in.Status}
	if in.Status == "" {
		parts[1] = "all"
	}
	for _, p := range []string{in.Kind, in.Article} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "-") + f.Extension
}
