package article_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/domain/article"
)

func ingestCmd() article.IngestCommand {
	return article.IngestCommand{
		ArticleID: "a-1",
		Title:     "China’s 2025 stimulus",
		URL:       "https://news.example/2025/03/stimulus",
		Published: "2025-03-05",
		Body:      []byte("China’s 2024 economic blueprint sets aside 2\u00a0trillion yuan ($280 billion)."),
		ClaimIDs:  []string{"c-1", "c-2"},
		By:        "alice",
	}
}

func TestIngest(t *testing.T) {
	cmd := ingestCmd()
	events, err := article.Ingest(cmd)
	if err != nil {
		t.Fatalf("Ingest: %v", err)
	}
	want := article.Ingested{ArticleID: "a-1", Title: cmd.Title, URL: cmd.URL, Published: "2025-03-05",
		ContentHash: article.ContentHash(cmd.Body), Body: string(cmd.Body), ClaimIDs: []string{"c-1", "c-2"}, By: "alice"}
	if !reflect.DeepEqual(events, []any{want}) {
		t.Fatalf("events:\n got %+v\nwant %+v", events, []any{want})
	}
	cmd.ClaimIDs[0] = "changed"
	if events[0].(article.Ingested).ClaimIDs[0] != "c-1" {
		t.Error("the event shares ClaimIDs with the command")
	}
}

func TestContentHash(t *testing.T) {
	// SHA-256 of "abc", FIPS 180-2 appendix B.1.
	if got := article.ContentHash([]byte("abc")); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("ContentHash(abc) = %s", got)
	}
}

func TestIngest_optionalFields(t *testing.T) {
	cmd := ingestCmd()
	cmd.URL, cmd.Published, cmd.ClaimIDs = "", "", []string{}
	events, err := article.Ingest(cmd)
	if err != nil {
		t.Fatalf("Ingest without url, date and claims: %v", err)
	}
	if ids := events[0].(article.Ingested).ClaimIDs; ids != nil {
		t.Errorf("ClaimIDs = %#v, want nil (what an omitted field decodes to)", ids)
	}
	cmd.Body = []byte(strings.Repeat("x", article.MaxBodyBytes))
	cmd.Title = strings.Repeat("t", article.MaxTitleBytes)
	if _, err := article.Ingest(cmd); err != nil {
		t.Errorf("Ingest at the size limits: %v", err)
	}
}

func TestIngest_whenInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*article.IngestCommand)
		want   string
	}{
		{"no id", func(c *article.IngestCommand) { c.ArticleID = "" }, "article_id: required"},
		{"no actor", func(c *article.IngestCommand) { c.By = "" }, "by: required"},
		{"no title", func(c *article.IngestCommand) { c.Title = "  " }, "title: required"},
		{"long title", func(c *article.IngestCommand) { c.Title = strings.Repeat("t", article.MaxTitleBytes+1) }, "title: longer than 500 bytes"},
		{"title not UTF-8", func(c *article.IngestCommand) { c.Title = "caf\xe9" }, "title: not valid UTF-8"},
		{"no body", func(c *article.IngestCommand) { c.Body = nil }, "body: required"},
		{"long body", func(c *article.IngestCommand) { c.Body = make([]byte, article.MaxBodyBytes+1) }, "body: 524289 bytes, at most 524288"},
		{"body not UTF-8", func(c *article.IngestCommand) { c.Body = []byte("2 trillion \xa5") }, "body: not valid UTF-8"},
		{"relative url", func(c *article.IngestCommand) { c.URL = "/2025/stimulus" }, "url: not an absolute http(s) URL"},
		{"file url", func(c *article.IngestCommand) { c.URL = "file:///etc/passwd" }, "url: not an absolute http(s) URL"},
		{"url with credentials", func(c *article.IngestCommand) { c.URL = "https://u:p@news.example/" }, "url: must not carry credentials"},
		{"url without host", func(c *article.IngestCommand) { c.URL = "https://" }, "url: no host"},
		{"date with time", func(c *article.IngestCommand) { c.Published = "2025-03-05T10:00:00Z" }, "published: "},
		{"impossible date", func(c *article.IngestCommand) { c.Published = "2025-02-30" }, "published: "},
		{"day first", func(c *article.IngestCommand) { c.Published = "05/03/2025" }, "published: "},
		{"empty claim id", func(c *article.IngestCommand) { c.ClaimIDs = []string{"c-1", ""} }, "claim_ids[1]: required"},
		{"repeated claim id", func(c *article.IngestCommand) { c.ClaimIDs = []string{"c-1", "c-2", "c-1"} }, "claim_ids[2]: same id as claim_ids[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := ingestCmd()
			tt.change(&cmd)
			events, err := article.Ingest(cmd)
			if !errors.Is(err, article.ErrInvalid) || errors.Is(err, article.ErrHistory) {
				t.Fatalf("err = %v, want ErrInvalid only", err)
			}
			if !strings.Contains(err.Error(), "article "+cmd.ArticleID+": ingest: "+tt.want) {
				t.Errorf("err = %q, want it to say %q", err, tt.want)
			}
			var fe *article.FieldError
			if !errors.As(err, &fe) || events != nil {
				t.Errorf("errors.As FieldError = %v, events %v", fe, events)
			}
		})
	}
}

// Every problem is reported at once.
func TestIngest_reportsEveryProblem(t *testing.T) {
	_, err := article.Ingest(article.IngestCommand{ArticleID: "a-1", By: "alice", URL: "x", Published: "x"})
	if n := strings.Count(err.Error(), "\n") + 1; n != 4 {
		t.Errorf("%d problems reported, want title, body, url, published:\n%v", n, err)
	}
}

func TestFromHistory(t *testing.T) {
	events, err := article.Ingest(ingestCmd())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(events[0])
	var decoded article.Ingested
	if err := json.Unmarshal(b, &decoded); err != nil {
		t.Fatal(err)
	}
	a, err := article.FromHistory([]any{&decoded})
	if err != nil {
		t.Fatalf("FromHistory: %v", err)
	}
	cmd := ingestCmd()
	if a.ID() != "a-1" || a.Title() != cmd.Title || a.URL() != cmd.URL || a.Published() != cmd.Published ||
		a.Body() != string(cmd.Body) || a.ContentHash() != article.ContentHash(cmd.Body) ||
		!reflect.DeepEqual(a.ClaimIDs(), cmd.ClaimIDs) || a.By() != "alice" || a.Version() != 1 {
		t.Errorf("rehydrated article differs from the command: %+v", a)
	}
}

func TestFromHistory_whenInconsistent(t *testing.T) {
	events, _ := article.Ingest(ingestCmd())
	for name, h := range map[string][]any{
		"empty":          nil,
		"ingested twice": {events[0], events[0]},
		"foreign event":  {struct{}{}},
	} {
		if _, err := article.FromHistory(h); !errors.Is(err, article.ErrHistory) || errors.Is(err, article.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrHistory", name, err)
		}
	}
}

func TestEvents(t *testing.T) {
	evs := article.Events()
	if len(evs) != 1 || evs[0].(interface{ EventType() string }).EventType() != "article.ingested" {
		t.Errorf("Events() = %#v", evs)
	}
}
