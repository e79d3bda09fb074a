package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// livePing is how often a live stream sends a comment to keep proxies from
// closing it, and checks that its session's token is still live
// (Server.livePing, shorter in tests).
const livePing = 20 * time.Second

// change is what a live page learns of an event: enough to know whether it
// concerns what the page shows.
type change struct {
	Stream   string `json:"stream"`
	Type     string `json:"type"`
	Position uint64 `json:"position"`
}

// live streams the log's new events about claims and articles as
// server-sent events ("change"), from the head when it was opened. A page
// showing a claim or the queue offers a reload when one concerns it. The
// stream ends with the session: a revoked token stops it at the next ping.
func (s *Server) live(w http.ResponseWriter, r *http.Request, sess *session) {
	fl, ok := w.(http.Flusher)
	if !ok {
		s.fail(w, r, sess, http.StatusInternalServerError, "live updates are not supported here")
		return
	}
	head, err := s.qs.Head(r.Context())
	if err != nil {
		s.failErr(w, r, sess, err)
		return
	}
	sub, err := s.qs.Watch(r.Context(), head)
	if err != nil {
		s.failErr(w, r, sess, err)
		return
	}
	defer sub.Close()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": live\n\n")
	fl.Flush()
	ping := time.NewTicker(s.livePing)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-sub.Events():
			if !ok {
				return
			}
			if !strings.HasPrefix(ev.StreamID, "claim-") && !strings.HasPrefix(ev.StreamID, "article-") {
				continue
			}
			data, _ := json.Marshal(change{Stream: ev.StreamID, Type: ev.Type, Position: ev.Position})
			if _, err := fmt.Fprintf(w, "event: change\ndata: %s\n\n", data); err != nil {
				return
			}
			fl.Flush()
		case <-ping.C:
			if live, err := s.tokenLive(r.Context(), sess); err != nil || !live {
				return
			}
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			fl.Flush()
		}
	}
}
