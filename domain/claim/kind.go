package claim

import "slices"

// Kinds lists the kinds a claim may have: the extractor's, which a
// reviewer adding or correcting a claim picks from.
func Kinds() []string {
	return []string{"money", "percentage", "count", "quantity", "duration", "date", "ranking",
		"comparison", "attribution", "quote", "event", "prediction", "identifier"}
}

// checkKind accepts one of Kinds.
func checkKind(kind string) error {
	if kind == "" {
		return invalid("kind", "required")
	}
	if !slices.Contains(Kinds(), kind) {
		return invalid("kind", "unknown kind %q", kind)
	}
	return nil
}
