package app

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// Stream ids. The prefix before the first '-' is the stream's category and
// watermill topic, one per aggregate type.
func articleStream(id string) string  { return "article-" + id }
func claimStream(id string) string    { return "claim-" + id }
func reviewerStream(id string) string { return "reviewer-" + id }

// matchingStream holds an article's deferred matching: Deferred, then Ran.
func matchingStream(articleID string) string { return MatchingTopic + "-" + articleID }

// MatchingTopic is the watermill topic of the matching streams: what a
// consumer running deferred matching subscribes to.
const MatchingTopic = "matching"

// articleID is derived from the body's content hash, so ingesting the same
// body twice finds the first article instead of making a second one.
func articleID(contentHash string) string { return contentHash[:16] }

// claimID numbers an article's claims in text order; the extractor is
// deterministic, so the same body always yields the same ids.
func claimID(articleID string, i int) string { return fmt.Sprintf("%s-%02d", articleID, i+1) }

// ArticleOfClaim returns the article id a claim id was derived from.
func ArticleOfClaim(claimID string) string {
	if i := strings.LastIndexByte(claimID, '-'); i > 0 {
		return claimID[:i]
	}
	return ""
}

// newToken returns a token id and its secret. The bearer credential a client
// sends is "<id>.<secret>"; only the secret's hash is recorded.
func newToken() (id, secret string) {
	var b [6 + 32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("app: crypto/rand failed: " + err.Error())
	}
	return "t" + hex.EncodeToString(b[:6]), base64.RawURLEncoding.EncodeToString(b[6:])
}

// Credential joins a token id and secret into the bearer credential.
func Credential(tokenID, secret string) string { return tokenID + "." + secret }

// SplitCredential undoes Credential.
func SplitCredential(cred string) (tokenID, secret string, ok bool) {
	tokenID, secret, ok = strings.Cut(cred, ".")
	return tokenID, secret, ok && tokenID != "" && secret != ""
}

// ClaimOfStream returns the claim id of a claim stream id, or "".
func ClaimOfStream(stream string) string {
	id, ok := strings.CutPrefix(stream, "claim-")
	if !ok {
		return ""
	}
	return id
}
