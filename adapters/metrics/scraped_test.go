package metrics_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/metrics"
	"github.com/claimledger/claimledger/events"
)

// fixedLog is a log of head events, the one after position 7 recorded at
// recorded.
type fixedLog struct {
	head     uint64
	recorded time.Time
}

func (l fixedLog) Head(context.Context) (uint64, []byte, error) { return l.head, nil, nil }

func (l fixedLog) ReadAll(_ context.Context, after uint64, limit int) ([]events.Envelope, error) {
	if after >= l.head || limit < 1 {
		return nil, nil
	}
	return []events.Envelope{{Position: after + 1, RecordedAt: l.recorded}}, nil
}

func TestMetrics_projectionLagBehindTheHead(t *testing.T) {
	m, err := metrics.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	applied := uint64(7)
	err = m.Watch(metrics.Sources{Log: fixedLog{head: 10, recorded: time.Now().Add(-30 * time.Second)},
		Projections: []metrics.Projection{{Name: "views", Applied: func() uint64 { return applied }}}})
	if err != nil {
		t.Fatal(err)
	}
	m.Committed(events.CommitStats{Appends: 3, Events: 5, Head: 10, Took: 2 * time.Millisecond, Sync: time.Millisecond})

	body := get(t, m)
	for _, want := range []string{
		`claimledger_log_head_position 10`,
		`claimledger_projection_position{projection="views"} 7`,
		`claimledger_projection_lag_events{projection="views"} 3`,
		`claimledger_store_commit_appends_sum 3`,
		`claimledger_store_commit_events_sum 5`,
		`claimledger_store_commit_appends_bucket{le="2"} 0`,
		`claimledger_store_commit_appends_bucket{le="4"} 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("scrape lacks %q", want)
		}
	}
	lag := lagSeconds(t, body)
	if lag < 30 || lag > 60 {
		t.Errorf("lag in seconds = %v, want the age of event 8, about 30", lag)
	}

	applied = 10 // caught up: no lag, whatever the age of the head
	if body := get(t, m); !strings.Contains(body, `claimledger_projection_lag_seconds{projection="views"} 0`+"\n") ||
		!strings.Contains(body, `claimledger_projection_lag_events{projection="views"} 0`+"\n") {
		t.Errorf("caught-up projection still lags:\n%s", body)
	}
}

func get(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("scrape: %d", rec.Code)
	}
	return rec.Body.String()
}

// lagSeconds is the value of the views' lag in seconds in a scrape.
func lagSeconds(t *testing.T, body string) float64 {
	t.Helper()
	const name = `claimledger_projection_lag_seconds{projection="views"} `
	for line := range strings.Lines(body) {
		if v, ok := strings.CutPrefix(line, name); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatalf("no %s in the scrape", name)
	return 0
}
