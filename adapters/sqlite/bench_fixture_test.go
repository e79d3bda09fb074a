package sqlite_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
)

// benchDir holds the large fixtures, built at most once per test binary and
// removed when it exits.
var benchDir struct {
	once sync.Once
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir.path != "" {
		os.RemoveAll(benchDir.path)
	}
	os.Exit(code)
}

var fixtures sync.Map // size → *fixture

type fixture struct {
	once sync.Once
	path string
	err  error
}

// fixtureEventsPerAppend is the size of each fixture append: ten events on
// one stream, so a fixture of n events has n/10 streams.
const fixtureEventsPerAppend = 10

// buildFixture returns the path of a closed store holding n events
// (10 per stream, realistic payloads), building it on first use.
func buildFixture(b *testing.B, n int) string {
	b.Helper()
	benchDir.once.Do(func() { benchDir.path, benchDir.err = os.MkdirTemp("", "claimledger-bench-") })
	if benchDir.err != nil {
		b.Fatal(benchDir.err)
	}
	v, _ := fixtures.LoadOrStore(n, &fixture{})
	f := v.(*fixture)
	f.once.Do(func() {
		f.path = filepath.Join(benchDir.path, fmt.Sprintf("fixture-%d.db", n))
		f.err = fillStore(f.path, n)
	})
	if f.err != nil {
		b.Fatal(f.err)
	}
	return f.path
}

func fillStore(path string, n int) error {
	s, err := sqlite.Open(sqlite.Config{Path: path, Synchronous: sqlite.Normal})
	if err != nil {
		return err
	}
	defer s.Close()
	const workers = 8
	streams := n / fixtureEventsPerAppend
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < streams; i += workers {
				req := events.AppendRequest{StreamID: fmt.Sprintf("claim-%08d", i), Expected: events.NoStream}
				for j := 0; j < fixtureEventsPerAppend; j++ {
					req.Events = append(req.Events, events.Proposed{Type: "claim.reviewed", Actor: "reviewer-7",
						Payload: []byte(fmt.Sprintf(`{"claim":"claim-%08d","verdict":"confirmed","n":%d,"note":"checked against the ministry's published figures"}`, i, j))})
				}
				if _, err := s.Append(context.Background(), req); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// copyStore copies a closed store's database file, so a benchmark can write
// to a fixture without changing it for the next one.
func copyStore(b *testing.B, src string) string {
	b.Helper()
	dst := filepath.Join(b.TempDir(), "events.db")
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	return dst
}
