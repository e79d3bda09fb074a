package claim

import (
	"github.com/claimledger/claimledger/domain/internal/field"
	"net/url"
	"strings"
	"unicode/utf8"
)

// ID identifies a claim. The app mints it; the domain only insists that it is
// something a stream name, a log line and a command line can carry unquoted.
type ID string

// Limits on input. Events are kept forever and copied into every view and
// export, so everything a user types is bounded.
const (
	MaxIDBytes             = 128
	MaxNoteBytes           = 4000 // notes and reasons
	MaxCorrectedValueBytes = 500
	MaxEvidence            = 20
	MaxURLBytes            = 2048
	MaxTextBytes           = 16 << 10 // a claim's text
	// MaxSentenceBytes bounds the sentence kept with a claim: its text and
	// the context around it, which the extractor cuts to 1 KiB.
	MaxSentenceBytes = MaxTextBytes + 4<<10
)

// Validate reports whether id is usable, as an ErrInvalid naming "claim_id".
func (id ID) Validate() error { return checkID("claim_id", string(id)) }

// checkID accepts 1..MaxIDBytes of valid UTF-8 without spaces or control
// characters. Actors ("by", reviewers, editors) follow the same rule: they
// end up in the same places ids do.
func checkID(name, s string) error {
	if p := field.IDProblem(s, MaxIDBytes); p != "" {
		return invalid(name, "%s", p)
	}
	return nil
}

// checkText bounds free text. Invalid UTF-8 is refused rather than repaired:
// encoding/json would silently replace it, and the stored event would then
// differ from the one that was decided.
func checkText(field, s string, maxBytes int, required bool) error {
	switch {
	case required && strings.TrimSpace(s) == "":
		return invalid(field, "required")
	case len(s) > maxBytes:
		return invalid(field, "longer than %d bytes", maxBytes)
	case !utf8.ValidString(s):
		return invalid(field, "not valid UTF-8")
	}
	return nil
}

// checkURL accepts absolute http and https URLs with a host. Credentials are
// refused: an evidence link is stored forever and shown to everyone.
func checkURL(field, s string) error {
	if len(s) > MaxURLBytes {
		return invalid(field, "longer than %d bytes", MaxURLBytes)
	}
	if strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return invalid(field, "contains a space or a control character")
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || !utf8.ValidString(s):
		return invalid(field, "not a URL: %q", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return invalid(field, "not an absolute http(s) URL: %q", s)
	case u.Host == "" || u.Hostname() == "":
		return invalid(field, "no host in %q", s)
	case u.User != nil:
		return invalid(field, "must not carry credentials")
	}
	return nil
}
