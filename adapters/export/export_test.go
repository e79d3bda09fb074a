package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// sample is a claim whose text needs every kind of CSV quoting.
func sample(t testing.TB) *pb.Claim {
	norm, err := structpb.NewStruct(map[string]any{"value": 2e12, "unit": "CNY"})
	if err != nil {
		t.Fatal(err)
	}
	return &pb.Claim{
		Id: "a1b2c3d4e5f60718-01", ArticleId: "a1b2c3d4e5f60718",
		Kind: pb.ClaimKind_CLAIM_KIND_MONEY, Status: pb.ClaimStatus_CLAIM_STATUS_CONFIRMED,
		Text:       "2 trillion yuan, \"about\" $280 billion\nin total",
		Sentence:   "The council approved 2 trillion yuan, \"about\" $280 billion\nin total for the new tram network that will cross the river twice.",
		Normalized: norm, Flagged: true,
		Checks:  []*pb.Check{{Name: "exchange_rate", Result: pb.CheckResult_CHECK_RESULT_PASS}},
		Tallies: &pb.Tallies{Confirm: 2, Dispute: 1}, ArticleTitle: "Tram network, funded",
		ArticleUrl: "https://news.example/trams?id=1&lang=en", ArticlePublished: "2026-03-14",
		UpdatedAt: timestamppb.New(mustTime(t)),
	}
}

func render(t *testing.T, format string, o Options, claims ...*pb.Claim) string {
	t.Helper()
	r, err := New(format, o)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.Begin(&b); err != nil {
		t.Fatal(err)
	}
	for _, c := range claims {
		if err := r.Write(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.End(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestNew_unknownFormat(t *testing.T) {
	if _, err := New("xml", Options{}); !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("New(xml) = %v, want ErrUnknownFormat", err)
	}
}

// TestCSV_quotingReadsBack writes fields with commas, quotes and newlines
// and reads them back with encoding/csv: every field must survive intact.
func TestCSV_quotingReadsBack(t *testing.T) {
	c := sample(t)
	plain := &pb.Claim{Id: "x-02", Kind: pb.ClaimKind_CLAIM_KIND_DATE, Status: pb.ClaimStatus_CLAIM_STATUS_EXTRACTED, Text: "last Tuesday"}
	out := render(t, "csv", Options{}, c, plain)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("read back: %v\n%s", err, out)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want header + 2:\n%s", len(rows), out)
	}
	if fmt.Sprint(rows[0]) != fmt.Sprint(CSVHeader) {
		t.Errorf("header %q", rows[0])
	}
	want := []string{c.Id, c.ArticleId, "money", "confirmed", c.Text, `{"unit":"CNY","value":2000000000000}`, "true",
		"2", "1", "0", c.ArticleUrl, c.ArticlePublished}
	for i := range want {
		if rows[1][i] != want[i] {
			t.Errorf("column %s = %q, want %q", CSVHeader[i], rows[1][i], want[i])
		}
	}
	if rows[2][2] != "date" || rows[2][3] != "extracted" || rows[2][5] != "" || rows[2][6] != "false" {
		t.Errorf("plain row %q", rows[2])
	}
}

func TestJSONL_oneClaimPerLine(t *testing.T) {
	out := render(t, "jsonl", Options{}, sample(t), &pb.Claim{Id: "x-02"})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), out)
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		for _, k := range []string{"id", "kind", "text", "status", "checks"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line lacks %q: %s", k, l)
			}
		}
	}
}

// TestClaimReview_requiredProperties parses the export as JSON and checks
// every property the issue and Google's ClaimReview guidelines require.
func TestClaimReview_requiredProperties(t *testing.T) {
	c := sample(t)
	disputed := sample(t)
	disputed.Id, disputed.Status = "a1b2c3d4e5f60718-02", pb.ClaimStatus_CLAIM_STATUS_DISPUTED
	out := render(t, "claimreview", Options{Org: "Tram Watch", BaseURL: "https://factcheck.example/"}, c, disputed)
	var docs []map[string]any
	if err := json.Unmarshal([]byte(out), &docs); err != nil {
		t.Fatalf("not one JSON array: %v\n%s", err, out)
	}
	if len(docs) != 2 {
		t.Fatalf("%d ClaimReviews, want 2", len(docs))
	}
	for i, d := range docs {
		if d["@context"] != "https://schema.org" || d["@type"] != "ClaimReview" {
			t.Errorf("doc %d: @context %v, @type %v", i, d["@context"], d["@type"])
		}
		if want := "https://factcheck.example/claims/" + []*pb.Claim{c, disputed}[i].Id; d["url"] != want {
			t.Errorf("doc %d: url %v, want %s", i, d["url"], want)
		}
		cr, _ := d["claimReviewed"].(string)
		if cr == "" || utf8.RuneCountInString(cr) >= 75 || !utf8.ValidString(cr) {
			t.Errorf("doc %d: claimReviewed %q (%d runes), want 1..74", i, cr, utf8.RuneCountInString(cr))
		}
		if !strings.Contains(cr, "2 trillion yuan") {
			t.Errorf("doc %d: claimReviewed %q lost the claim", i, cr)
		}
		if d["datePublished"] != "2026-03-15" {
			t.Errorf("doc %d: datePublished %v", i, d["datePublished"])
		}
		author, _ := d["author"].(map[string]any)
		if author["@type"] != "Organization" || author["name"] != "Tram Watch" {
			t.Errorf("doc %d: author %v", i, author)
		}
		rating, _ := d["reviewRating"].(map[string]any)
		if want := []string{"True", "False"}[i]; rating["@type"] != "Rating" || rating["alternateName"] != want {
			t.Errorf("doc %d: reviewRating %v, want alternateName %s", i, rating, want)
		}
		item, _ := d["itemReviewed"].(map[string]any)
		if item["@type"] != "Claim" || item["datePublished"] != "2026-03-14" {
			t.Errorf("doc %d: itemReviewed %v", i, item)
		}
		app, _ := item["appearance"].([]any)
		if len(app) != 1 {
			t.Fatalf("doc %d: appearance %v", i, item["appearance"])
		}
		a, _ := app[0].(map[string]any)
		if a["@type"] != "CreativeWork" || a["url"] != c.ArticleUrl || a["headline"] != c.ArticleTitle {
			t.Errorf("doc %d: appearance %v", i, a)
		}
	}
	if strings.Contains(out, `\u0026`) {
		t.Errorf("URLs are HTML-escaped:\n%s", out)
	}
}

func TestClaimReview_empty(t *testing.T) {
	out := render(t, "claimreview", Options{})
	var docs []any
	if err := json.Unmarshal([]byte(out), &docs); err != nil || len(docs) != 0 {
		t.Fatalf("empty export %q: %v", out, err)
	}
}

func TestVerdict_mapping(t *testing.T) {
	for s, want := range map[pb.ClaimStatus]string{
		pb.ClaimStatus_CLAIM_STATUS_CONFIRMED:    "True",
		pb.ClaimStatus_CLAIM_STATUS_DISPUTED:     "False",
		pb.ClaimStatus_CLAIM_STATUS_UNVERIFIABLE: "Unverifiable",
		pb.ClaimStatus_CLAIM_STATUS_CONTESTED:    "Disputed/contested",
		pb.ClaimStatus_CLAIM_STATUS_UNDER_REVIEW: "under_review",
		pb.ClaimStatus_CLAIM_STATUS_DISMISSED:    "dismissed",
	} {
		if got := Verdict(s); got != want {
			t.Errorf("Verdict(%v) = %q, want %q", s, got, want)
		}
	}
}

func TestSummary(t *testing.T) {
	long := "In a statement on Friday the regional transport authority said that ridership rose 14.5 percent to 3.2 million trips in March, the highest since records began."
	tests := []struct {
		name, sentence, text string
		want                 string
	}{
		{"short sentence whole", "Fares rose 3%.", "3%", "Fares rose 3%."},
		{"window around the claim", long, "14.5 percent", ""},
		{"claim near the end", long, "since records began", ""},
		{"claim at the start", long, "In a statement on Friday", ""},
		{"claim longer than the bound", long, long, ""},
		{"no sentence", "", "about 40 new trams", "about 40 new trams"},
		{"multibyte", strings.Repeat("é", 50) + " 12 % " + strings.Repeat("ü", 50), "12 %", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summary(tt.sentence, tt.text, MaxClaimReviewed)
			if n := utf8.RuneCountInString(got); n > MaxClaimReviewed || !utf8.ValidString(got) {
				t.Fatalf("%q: %d runes", got, n)
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if len(tt.text) < MaxClaimReviewed && !strings.Contains(got, tt.text) {
				t.Errorf("%q lost the claim %q", got, tt.text)
			}
			t.Logf("%q", got)
		})
	}
}

// discard counts bytes, so the benchmark measures the renderer alone.
type discard struct{ n int64 }

func (d *discard) Write(p []byte) (int, error) { d.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*discard)(nil)
