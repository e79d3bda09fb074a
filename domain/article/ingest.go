package article

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/claimledger/claimledger/domain/internal/field"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits. The body is stored in the event, and events are kept forever.
const (
	MaxBodyBytes  = 512 << 10
	MaxTitleBytes = 500
	MaxIDBytes    = 128
	MaxURLBytes   = 2048
	MaxClaims     = 10000
)

// IngestCommand is an article to ingest, with the ids the app gave it and
// its claims.
type IngestCommand struct {
	ArticleID string
	Title     string
	URL       string // empty or absolute http(s)
	Published string // empty or YYYY-MM-DD
	Body      []byte
	ClaimIDs  []string
	By        string
}

// ContentHash is the hex SHA-256 of body: how an auditor proves a body in a
// view is the body that was ingested, and how the app spots a resubmission.
func ContentHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// Ingest validates cmd and returns the one Ingested event, with the body's
// hash computed here rather than trusted from the caller. Every problem is
// reported at once, each an ErrInvalid naming its field.
func Ingest(cmd IngestCommand) ([]any, error) {
	if err := cmd.validate(); err != nil {
		return nil, fmt.Errorf("article %s: ingest: %w", cmd.ArticleID, err)
	}
	var claimIDs []string // nil when empty: what an omitted "claim_ids" decodes to
	if len(cmd.ClaimIDs) > 0 {
		claimIDs = slices.Clone(cmd.ClaimIDs)
	}
	return []any{Ingested{
		ArticleID: cmd.ArticleID, Title: cmd.Title, URL: cmd.URL, Published: cmd.Published,
		ContentHash: ContentHash(cmd.Body), Body: string(cmd.Body),
		ClaimIDs: claimIDs, By: cmd.By,
	}}, nil
}

func (cmd IngestCommand) validate() error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(checkID("article_id", cmd.ArticleID))
	add(checkID("by", cmd.By))
	switch {
	case strings.TrimSpace(cmd.Title) == "":
		add(invalid("title", "required"))
	case len(cmd.Title) > MaxTitleBytes:
		add(invalid("title", "longer than %d bytes", MaxTitleBytes))
	case !utf8.ValidString(cmd.Title):
		add(invalid("title", "not valid UTF-8"))
	}
	// Invalid UTF-8 is refused, not repaired: JSON would replace it, and
	// every claim offset after the first bad byte would point elsewhere.
	switch {
	case len(cmd.Body) == 0:
		add(invalid("body", "required"))
	case len(cmd.Body) > MaxBodyBytes:
		add(invalid("body", "%d bytes, at most %d", len(cmd.Body), MaxBodyBytes))
	case !utf8.Valid(cmd.Body):
		add(invalid("body", "not valid UTF-8"))
	}
	if cmd.URL != "" {
		add(checkURL("url", cmd.URL))
	}
	if cmd.Published != "" {
		if _, err := time.Parse(time.DateOnly, cmd.Published); err != nil {
			add(invalid("published", "%q is not a date YYYY-MM-DD", cmd.Published))
		}
	}
	if len(cmd.ClaimIDs) > MaxClaims {
		add(invalid("claim_ids", "%d claims, at most %d", len(cmd.ClaimIDs), MaxClaims))
	}
	for i, id := range cmd.ClaimIDs {
		field := fmt.Sprintf("claim_ids[%d]", i)
		add(checkID(field, id))
		if j := slices.Index(cmd.ClaimIDs[:i], id); j >= 0 {
			add(invalid(field, "same id as claim_ids[%d]", j))
		}
	}
	return errors.Join(errs...)
}

func checkID(name, s string) error {
	if p := field.IDProblem(s, MaxIDBytes); p != "" {
		return invalid(name, "%s", p)
	}
	return nil
}

// checkURL accepts absolute http(s) URLs with a host and no credentials:
// the URL is stored forever and exported.
func checkURL(field, s string) error {
	if len(s) > MaxURLBytes {
		return invalid(field, "longer than %d bytes", MaxURLBytes)
	}
	if strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 || !utf8.ValidString(s) {
		return invalid(field, "contains a space, a control character or invalid UTF-8")
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return invalid(field, "not a URL: %q", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return invalid(field, "not an absolute http(s) URL: %q", s)
	case u.Hostname() == "":
		return invalid(field, "no host in %q", s)
	case u.User != nil:
		return invalid(field, "must not carry credentials")
	}
	return nil
}
