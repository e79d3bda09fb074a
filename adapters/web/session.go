package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"sync"
	"time"

	"github.com/claimledger/claimledger/app"
)

// session is a signed-in reviewer. The server keeps it under the hash of
// the cookie's value, so a copy of the table (a heap dump, a log of keys)
// signs nobody in.
type session struct {
	actor   app.Actor
	tokenID string // the token signed in with: revoking it ends the session
	csrf    string // the token every form of this session carries
	expires time.Time

	mu      sync.Mutex
	checked uint64 // the log's head when the token was last found live
}

// sessions is the table of live sessions. A restart of claimsd ends them
// all: a reviewer signs in again, with the token they still have.
type sessions struct {
	mu   sync.Mutex
	byID map[string]*session // by hashKey(cookie value)
	ttl  time.Duration
}

func newSessions(ttl time.Duration) *sessions {
	return &sessions{byID: map[string]*session{}, ttl: ttl}
}

// start records a session for actor and returns the cookie value.
func (ss *sessions) start(actor app.Actor, tokenID string, now time.Time) (string, *session) {
	value := randomToken()
	s := &session{actor: actor, tokenID: tokenID, csrf: randomToken(), expires: now.Add(ss.ttl)}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for k, old := range ss.byID { // sweep while here: the table stays small
		if now.After(old.expires) {
			delete(ss.byID, k)
		}
	}
	ss.byID[hashKey(value)] = s
	return value, s
}

// get is the live session of a cookie value.
func (ss *sessions) get(value string, now time.Time) (*session, bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.byID[hashKey(value)]
	if ok && now.After(s.expires) {
		delete(ss.byID, hashKey(value))
		return nil, false
	}
	return s, ok
}

// end forgets a session.
func (ss *sessions) end(value string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.byID, hashKey(value))
}

// count is the number of sessions held, for tests.
func (ss *sessions) count() int {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return len(ss.byID)
}

func hashKey(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:])
}

// randomToken is 256 bits from the system's generator.
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("web: no randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
