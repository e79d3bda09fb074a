package match

import (
	"strings"
	"testing"
)

func TestDisagree(t *testing.T) {
	fund := money("a-1", "a", "344 billion yuan", "The fund has a registered capital of 344 billion yuan.", 344e9, "CNY", "registered capital")
	for _, tc := range []struct {
		name  string
		other Claim
		want  string // a part of the answer; "" for none
	}{
		{"another value, no subject words", money("b-1", "b", "47.5 billion yuan", "It was set up with 47.5 billion yuan.", 47.5e9, "CNY", ""), "47.5 billion"},
		{"within the tolerance", money("b-1", "b", "345 billion yuan", "It has 345 billion yuan.", 345e9, "CNY", ""), ""},
		{"no unit in common", money("b-1", "b", "$47.5 billion", "It has $47.5 billion.", 47.5e9, "USD", ""), ""},
		{"another kind", Claim{ID: "b-1", ArticleID: "b", Kind: "quote", Text: "it is big"}, ""},
	} {
		got := Disagree(fund, tc.other)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: Disagree = %q, want one naming %q", tc.name, got, tc.want)
		}
	}
}
