package extract

// SameSubject says whether two subjects name the same thing by the rule the
// same-subject check uses: one's words open or close the other's
// ("stimulus" and "stimulus package", not "tech fund" and "green fund").
// Matching across articles uses it so the two checks agree.
func SameSubject(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	return sameSubject(a, b)
}
