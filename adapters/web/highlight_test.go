package web

import (
	"strings"
	"testing"

	"github.com/claimledger/claimledger/app"
)

func TestHighlight_cutsTextAtClaimSpansAndSkipsBadOnes(t *testing.T) {
	text := "Rail gets 30% of €2 billion."
	euro := strings.Index(text, "€")
	claims := []app.ClaimView{
		{ID: "a-02", Start: euro, End: euro + len("€2 billion"), Status: "confirmed"},
		{ID: "a-01", Start: 10, End: 13, Status: "under_review"},
		{ID: "a-03", Start: 11, End: 14},             // overlaps a-01
		{ID: "a-04", Start: euro + 1, End: euro + 4}, // inside the euro sign's bytes
		{ID: "a-05", Start: 20, End: len(text) + 5},  // past the end
	}
	var got []string
	var joined strings.Builder
	for _, s := range highlight(text, claims) {
		joined.WriteString(s.Text)
		if s.ClaimID != "" {
			got = append(got, s.ClaimID+"="+s.Text+"/"+s.Status)
		}
	}
	if joined.String() != text {
		t.Errorf("the runs spell %q, want the text %q", joined.String(), text)
	}
	want := []string{"a-01=30%/under_review", "a-02=€2 billion/confirmed"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("highlighted %v, want %v", got, want)
	}
}

func TestSafeNext_staysOnThisSite(t *testing.T) {
	for in, want := range map[string]string{
		"/claims/a-01": "/claims/a-01", "": "/queue", "//evil.example/x": "/queue",
		"https://evil.example": "/queue", "/\\evil.example": "/queue", "/signin?next=/x": "/queue",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
