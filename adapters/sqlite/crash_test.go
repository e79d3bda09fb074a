package sqlite_test

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
	_ "github.com/mattn/go-sqlite3"
)

// The crash test runs the test binary itself as a child process that
// appends multi-event batches until the parent SIGKILLs it. The child logs
// every acknowledged append to a side file, synced line by line, so the
// parent reads a lower bound of what the store promised to keep.

const (
	crashChildEnv = "CLAIMLEDGER_CRASH_CHILD" // the child's working directory
	crashAckMark  = "CRASH-CHILD-ACKED"       // the child's first acknowledged append
	crashDBName   = "events.db"
	crashAckLog   = "acks.log"
	crashWorkers  = 4
	crashShared   = 3 // streams crash-0..crash-2 take appends at events.Any
)

// crashPayload is what every event of the crash test carries, so that the
// parent can tell which batch an event belongs to and whether it is whole.
type crashPayload struct {
	Batch string `json:"batch"`
	Index int    `json:"index"`
	Size  int    `json:"size"`
	// Group and Parts, for a batch recorded by AppendAll together with
	// others: the group's id and how many batches it holds.
	Group string `json:"group,omitempty"`
	Parts int    `json:"parts,omitempty"`
}

// crashAck is one line of the side file: an append the store acknowledged.
type crashAck struct {
	batch          string
	stream         string
	fromPos, toPos uint64
	fromVer, toVer uint64
	line           int
}

func TestCrash_sigkillDuringAppendsKeepsTheLogWholeAndEveryAcknowledgedAppend(t *testing.T) {
	kills, budget := 60, 50*time.Second
	if testing.Short() {
		kills, budget = 10, 15*time.Second
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, crashDBName)
	start := time.Now()
	deadline := start.Add(budget)
	done := 0
	for ; done < kills && time.Now().Before(deadline); done++ {
		crashRunAndKill(t, dir, time.Duration(20+rand.IntN(181))*time.Millisecond)
	}
	elapsed := time.Since(start)
	if done < kills {
		t.Fatalf("only %d of %d kills within %v", done, kills, budget)
	}

	// Check the file as the last kill left it, before the store touches it.
	crashIntegrityCheck(t, dbPath)
	acks := crashReadAcks(t, filepath.Join(dir, crashAckLog))
	s, err := sqlite.Open(sqlite.Config{Path: dbPath})
	if err != nil {
		t.Fatalf("reopen after %d kills: %v", done, err)
	}
	defer s.Close()
	all := crashReadAll(t, s)
	t.Logf("%d kills in %v: %d events, %d acknowledged appends", done, elapsed.Round(time.Millisecond), len(all), len(acks))
	if len(acks) < done {
		t.Errorf("only %d acknowledged appends over %d child runs: every run waits for one", len(acks), done)
	}

	crashCheckPositionsGapFree(t, all)
	crashCheckStreamVersionsDense(t, all)
	batches := crashCheckNoPartialBatch(t, all)
	if groups := crashCheckGroupsWhole(t, batches); groups == 0 {
		t.Error("no AppendAll group reached the log")
	} else {
		t.Logf("%d AppendAll groups in the log, each whole", groups)
	}
	crashCheckAcknowledgedPresent(t, acks, batches)

	ctx := context.Background()
	rep, err := s.Verify(ctx, 0, 0)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if !rep.OK() || rep.Checked != uint64(len(all)) {
		t.Errorf("Verify = %+v (fault %v), want OK with %d checked", rep, rep.Fault, len(all))
	}
	head, _, err := s.Head(ctx)
	if err != nil || head != uint64(len(all)) {
		t.Errorf("Head = %d, %v; want %d", head, err, len(all))
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	crashIntegrityCheck(t, dbPath)
}

// crashRunAndKill starts a child, waits until it has acknowledged an append,
// lets it run for wait more, and SIGKILLs it.
func crashRunAndKill(t *testing.T, dir string, wait time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start child: %v", err)
	}
	acked := make(chan bool, 2)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), crashAckMark) {
				acked <- true
				break
			}
		}
		acked <- false
		for sc.Scan() { // keep the pipe drained until the child dies
		}
	}()
	select {
	case ok := <-acked:
		if !ok {
			cmd.Wait()
			t.Fatalf("child ended before its first acknowledged append: %v\n%s", cmd.ProcessState, stderr.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child acknowledged no append within 10s\n%s", stderr.String())
	}
	time.Sleep(wait)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatalf("kill child: %v", err)
	}
	cmd.Wait()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed by SIGKILL but ended with %v\n%s", cmd.ProcessState, stderr.String())
	}
}

// TestCrashChild is the child process of the crash test; it does nothing
// unless started by it.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("run by TestCrash_* as a child process")
	}
	s, err := sqlite.Open(sqlite.Config{Path: filepath.Join(dir, crashDBName)})
	if err != nil {
		t.Fatalf("child open: %v", err)
	}
	dropCutAck(t, filepath.Join(dir, crashAckLog))
	log, err := os.OpenFile(filepath.Join(dir, crashAckLog), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	var logMu sync.Mutex
	var once sync.Once
	// The parent kills the child; the deadline only stops an orphan.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, crashWorkers)
	for g := range crashWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := crashAppendLoop(ctx, s, g, func(res events.AppendResult, batch string) error {
				logMu.Lock()
				defer logMu.Unlock()
				line := fmt.Sprintf("%s %s %d %d %d %d\n", batch, res.StreamID,
					res.FromPosition, res.ToPosition, res.FromVersion, res.ToVersion)
				if _, err := log.WriteString(line); err != nil {
					return err
				}
				if err := log.Sync(); err != nil {
					return err
				}
				once.Do(func() { fmt.Println(crashAckMark) })
				return nil
			})
			if err != nil && ctx.Err() == nil {
				errs <- fmt.Errorf("worker %d: %w", g, err)
				cancel()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// crashAppendLoop appends batches of 2-5 events until ctx ends: to the
// shared streams at events.Any, to the worker's own stream at the exact
// version it expects (which it learns from the log at start), and, every
// third time, one batch to each in a single AppendAll.
func crashAppendLoop(ctx context.Context, s *sqlite.Store, g int, acked func(events.AppendResult, string) error) error {
	own := fmt.Sprintf("solo-%d", g)
	last, err := s.ReadStream(ctx, own, events.ReadStreamOptions{Backward: true, Limit: 1})
	if err != nil {
		return err
	}
	var ownVersion uint64
	if len(last) == 1 {
		ownVersion = last[0].Version
	}
	shared := func() string { return fmt.Sprintf("crash-%d", rand.IntN(crashShared)) }
	for n := 0; ctx.Err() == nil; n++ {
		id := fmt.Sprintf("p%d-g%d-n%d", os.Getpid(), g, n)
		var reqs []events.AppendRequest
		switch n % 3 {
		case 0:
			reqs = []events.AppendRequest{crashRequest(id, "", 0, own, events.Exact(ownVersion))}
		case 1:
			reqs = []events.AppendRequest{crashRequest(id, "", 0, shared(), events.Any)}
		case 2:
			reqs = []events.AppendRequest{crashRequest(id+"/0", id, 2, own, events.Exact(ownVersion)),
				crashRequest(id+"/1", id, 2, shared(), events.Any)}
		}
		results, err := s.AppendAll(ctx, reqs)
		if err != nil {
			return fmt.Errorf("append %s: %w", id, err)
		}
		for i, res := range results {
			if res.StreamID == own {
				ownVersion = res.ToVersion
			}
			if err := acked(res, reqs[i].RequestID); err != nil {
				return fmt.Errorf("log ack of %s: %w", reqs[i].RequestID, err)
			}
		}
	}
	return nil
}

// crashRequest is a batch of 2-5 events, its id the request id, part of
// group (of parts batches) unless group is empty.
func crashRequest(batch, group string, parts int, stream string, expected events.ExpectedVersion) events.AppendRequest {
	req := events.AppendRequest{StreamID: stream, RequestID: batch, Expected: expected}
	size := 2 + rand.IntN(4)
	for i := range size {
		payload, _ := json.Marshal(crashPayload{Batch: batch, Index: i, Size: size, Group: group, Parts: parts})
		req.Events = append(req.Events, events.Proposed{Type: "crash.appended", Payload: payload})
	}
	return req
}

func crashIntegrityCheck(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&result); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	if result != "ok" {
		t.Errorf("integrity_check = %q, want ok", result)
	}
}

// dropCutAck removes a line the previous child was killed while writing:
// its append was never acknowledged, and the next child's first line must
// not be glued to it.
func dropCutAck(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if keep := strings.LastIndexByte(string(data), '\n') + 1; keep < len(data) {
		if err := os.Truncate(path, int64(keep)); err != nil {
			t.Fatal(err)
		}
	}
}

// crashReadAcks parses the side file. A line cut short cannot be told from
// a complete one reliably, so only newline-terminated lines count.
func crashReadAcks(t *testing.T, path string) []crashAck {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var acks []crashAck
	lines := strings.SplitAfter(string(data), "\n")
	for i, line := range lines {
		if !strings.HasSuffix(line, "\n") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 6 {
			t.Fatalf("side file line %d is malformed: %q", i+1, line)
		}
		a := crashAck{batch: f[0], stream: f[1], line: i + 1}
		for j, dst := range []*uint64{&a.fromPos, &a.toPos, &a.fromVer, &a.toVer} {
			if *dst, err = strconv.ParseUint(f[2+j], 10, 64); err != nil {
				t.Fatalf("side file line %d: %v", i+1, err)
			}
		}
		acks = append(acks, a)
	}
	return acks
}

func crashReadAll(t *testing.T, s *sqlite.Store) []events.Envelope {
	t.Helper()
	var all []events.Envelope
	for {
		var after uint64
		if len(all) > 0 {
			after = all[len(all)-1].Position
		}
		page, err := s.ReadAll(context.Background(), after, 0)
		if err != nil {
			t.Fatalf("ReadAll after %d: %v", after, err)
		}
		if len(page) == 0 {
			return all
		}
		all = append(all, page...)
	}
}

func crashCheckPositionsGapFree(t *testing.T, all []events.Envelope) {
	t.Helper()
	for i, e := range all {
		if e.Position != uint64(i+1) {
			t.Fatalf("event %d of the log has position %d: positions are not gap-free from 1", i+1, e.Position)
		}
	}
}

func crashCheckStreamVersionsDense(t *testing.T, all []events.Envelope) {
	t.Helper()
	versions := map[string]uint64{}
	for _, e := range all {
		want := versions[e.StreamID] + 1
		if e.Version != want {
			t.Fatalf("position %d: %s v%d, want v%d (versions dense from 1)", e.Position, e.StreamID, e.Version, want)
		}
		versions[e.StreamID] = want
	}
}

// crashBatch is one append as the log holds it.
type crashBatch struct {
	stream         string
	size           int
	group          string
	parts          int
	fromPos, toPos uint64
	fromVer, toVer uint64
	indexes        []int
}

// crashCheckNoPartialBatch checks that every batch in the log is whole: all
// its events, in order, in consecutive positions of one stream.
func crashCheckNoPartialBatch(t *testing.T, all []events.Envelope) map[string]*crashBatch {
	t.Helper()
	batches := map[string]*crashBatch{}
	for _, e := range all {
		var p crashPayload
		if err := json.Unmarshal(e.Payload, &p); err != nil || p.Batch == "" {
			t.Fatalf("position %d: payload %s is not a crash batch event: %v", e.Position, e.Payload, err)
		}
		b, ok := batches[p.Batch]
		if !ok {
			b = &crashBatch{stream: e.StreamID, size: p.Size, group: p.Group, parts: p.Parts, fromPos: e.Position, fromVer: e.Version}
			batches[p.Batch] = b
		} else if e.StreamID != b.stream || e.Position != b.toPos+1 || e.Version != b.toVer+1 || p.Size != b.size {
			t.Fatalf("position %d (%s v%d): batch %s continues out of place (it holds %s positions %d-%d)",
				e.Position, e.StreamID, e.Version, p.Batch, b.stream, b.fromPos, b.toPos)
		}
		b.toPos, b.toVer = e.Position, e.Version
		b.indexes = append(b.indexes, p.Index)
	}
	for id, b := range batches {
		if len(b.indexes) != b.size {
			t.Errorf("batch %s is partial: %d of %d events at positions %d-%d", id, len(b.indexes), b.size, b.fromPos, b.toPos)
			continue
		}
		for i, idx := range b.indexes {
			if idx != i {
				t.Errorf("batch %s: event %d has index %d", id, i, idx)
			}
		}
	}
	return batches
}

// crashCheckGroupsWhole checks that the batches an AppendAll recorded
// together are all in the log, at consecutive positions, or none is.
func crashCheckGroupsWhole(t *testing.T, batches map[string]*crashBatch) int {
	t.Helper()
	groups := map[string][]*crashBatch{}
	for _, b := range batches {
		if b.group != "" {
			groups[b.group] = append(groups[b.group], b)
		}
	}
	for id, bs := range groups {
		if len(bs) != bs[0].parts {
			t.Errorf("group %s is partial: %d of its %d batches are in the log", id, len(bs), bs[0].parts)
			continue
		}
		slices.SortFunc(bs, func(a, b *crashBatch) int { return cmp.Compare(a.fromPos, b.fromPos) })
		for i := 1; i < len(bs); i++ {
			if bs[i].fromPos != bs[i-1].toPos+1 {
				t.Errorf("group %s: a batch ends at %d and the next starts at %d", id, bs[i-1].toPos, bs[i].fromPos)
			}
		}
	}
	return len(groups)
}

func crashCheckAcknowledgedPresent(t *testing.T, acks []crashAck, batches map[string]*crashBatch) {
	t.Helper()
	var missing []string
	for _, a := range acks {
		b, ok := batches[a.batch]
		if !ok {
			missing = append(missing, fmt.Sprintf("%s (line %d, positions %d-%d)", a.batch, a.line, a.fromPos, a.toPos))
			continue
		}
		if b.stream != a.stream || b.fromPos != a.fromPos || b.toPos != a.toPos || b.fromVer != a.fromVer || b.toVer != a.toVer {
			t.Errorf("acknowledged batch %s was %s positions %d-%d v%d-%d, the log holds %s positions %d-%d v%d-%d",
				a.batch, a.stream, a.fromPos, a.toPos, a.fromVer, a.toVer, b.stream, b.fromPos, b.toPos, b.fromVer, b.toVer)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d acknowledged appends are lost: %s", len(missing), strings.Join(missing, ", "))
	}
}
