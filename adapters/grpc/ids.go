package grpcadapter

import "fmt"

// maxIDBytes bounds every id a request names: claim, article, reviewer and
// token ids alike.
const maxIDBytes = 128

// idProblem says what is wrong with s as an id, or "" when nothing is. Every
// id the server makes (articles, claims, tokens) and every reviewer name is
// ASCII letters, digits, '.', '_' and '-', so anything else is a malformed
// id, refused as such, while a well-formed id that names nothing is
// NOT_FOUND. The message never quotes s: it may be 10 KB of anything.
func idProblem(s string) string {
	switch {
	case s == "":
		return "required"
	case len(s) > maxIDBytes:
		return fmt.Sprintf("%d bytes, at most %d", len(s), maxIDBytes)
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return "not an id: only ASCII letters, digits, '.', '_' and '-'"
		}
	}
	return ""
}

// id checks a required id field.
func (p *problems) id(field, value string) {
	if problem := idProblem(value); problem != "" {
		p.add(field, problem)
	}
}

// optionalID checks an id a filter may leave empty.
func (p *problems) optionalID(field, value string) {
	if value != "" {
		p.id(field, value)
	}
}
