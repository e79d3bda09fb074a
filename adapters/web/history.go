package web

import (
	"net/http"

	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
)

type historyData struct {
	ClaimID string
	Events  []events.Envelope
	Verify  *events.VerifyReport // when asked for, by a role that may verify
}

// history lists every event of a claim; ?verify=1 also verifies the whole
// ledger's hash chain (auditors).
func (s *Server) history(w http.ResponseWriter, r *http.Request, sess *session) {
	id := r.PathValue("id")
	evs, err := s.qs.History(r.Context(), id)
	if err != nil {
		s.failErr(w, r, sess, err)
		return
	}
	d := historyData{ClaimID: id, Events: evs}
	if r.URL.Query().Get("verify") != "" {
		if msg := app.Refusal(app.OpVerifyLedger, sess.actor.Role); msg != "" {
			s.fail(w, r, sess, http.StatusForbidden, msg)
			return
		}
		rep, err := s.qs.Verify(r.Context(), 0, 0)
		if err != nil {
			s.failErr(w, r, sess, err)
			return
		}
		d.Verify = &rep
	}
	s.render(w, r, sess, http.StatusOK, "history", "", d)
}
