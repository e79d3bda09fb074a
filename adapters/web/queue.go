package web

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
)

// queuePage is the most claims one page of the queue shows.
const queuePage = 50

type queueData struct {
	Filter    queueFilter
	Claims    []app.ClaimView
	Next      string // the after= of the next page, "" on the last
	Statuses  []claim.Status
	WaitingMe int // claims waiting for review that I have not voted on, in the whole ledger
}

type queueFilter struct{ Status, Kind, Article, Flag, After string }

// queue lists claims waiting for review (status extracted or under review
// unless a status is asked for), the flagged ones first on each page.
func (s *Server) queue(w http.ResponseWriter, r *http.Request, sess *session) {
	q := r.URL.Query()
	f := queueFilter{Status: q.Get("status"), Kind: q.Get("kind"), Article: q.Get("article"), Flag: q.Get("flag"), After: q.Get("after")}
	cf := app.ClaimFilter{Status: claim.Status(f.Status), Kind: f.Kind, ArticleID: f.Article}
	switch f.Flag {
	case "flagged", "clean":
		flagged := f.Flag == "flagged"
		cf.Flagged = &flagged
	case "":
	default:
		s.fail(w, r, sess, http.StatusBadRequest, `flag: want "flagged", "clean" or nothing`)
		return
	}
	if f.Status != "" && !cf.Status.Valid() {
		s.fail(w, r, sess, http.StatusBadRequest, fmt.Sprintf("status: unknown status %q", f.Status))
		return
	}
	var list []app.ClaimView
	var err error
	if f.Status == "" {
		list, err = s.waiting(r, cf, f.After)
	} else {
		list, err = s.qs.Claims(r.Context(), cf, f.After, queuePage+1, 0)
	}
	if err != nil {
		s.failErr(w, r, sess, err)
		return
	}
	d := queueData{Filter: f, Statuses: claim.Statuses()}
	if len(list) > queuePage {
		list = list[:queuePage]
		d.Next = list[len(list)-1].ID
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Flagged && !list[j].Flagged })
	if app.Allowed(app.OpSubmitReview, sess.actor.Role) {
		if d.WaitingMe, err = s.qs.WaitingFor(r.Context(), sess.actor.ID, 0); err != nil {
			s.failErr(w, r, sess, err)
			return
		}
	}
	d.Claims = list
	s.render(w, r, sess, http.StatusOK, "queue", "", d)
}

// waiting reads the claims of both waiting statuses, merged in id order,
// one page and one more.
func (s *Server) waiting(r *http.Request, cf app.ClaimFilter, after string) ([]app.ClaimView, error) {
	var all []app.ClaimView
	for _, st := range []claim.Status{claim.StatusExtracted, claim.StatusUnderReview, claim.StatusContested} {
		cf.Status = st
		l, err := s.qs.Claims(r.Context(), cf, after, queuePage+1, 0)
		if err != nil {
			return nil, err
		}
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return app.CompareClaimIDs(all[i].ID, all[j].ID) < 0 })
	if len(all) > queuePage+1 {
		all = all[:queuePage+1]
	}
	return all, nil
}
