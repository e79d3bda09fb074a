package match

import "fmt"

// Disagree says how two claims a reviewer linked as the same claim disagree
// on its value: figures of one kind, in a unit or currency they share, none
// agreeing within the tolerance. The reviewer's link stands for the same
// subject, so unlike Score it asks nothing of the subject words. Empty when
// they agree or cannot be compared.
func Disagree(c, other Claim) string {
	if !numericKinds[c.Kind] || c.Kind != other.Kind {
		return ""
	}
	a, b, same, _ := closest(c.amounts(), other.amounts())
	if same || b.unit == "" {
		return ""
	}
	return fmt.Sprintf("%q gives %s %s, but the linked %q gives %s %s", c.Text, fmtNum(a.value), a.unit, other.Text, fmtNum(b.value), b.unit)
}
