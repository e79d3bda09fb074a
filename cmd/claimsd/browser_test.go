package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// chromium is the browser the end-to-end tests drive: Debian's package,
// which .ci/run installs.
const chromium = "/usr/bin/chromium"

// browserSuite drives headless Chromium for a test; each person gets a
// browser of their own (their own profile and cookies), as if on their own
// machine.
type browserSuite struct {
	t     *testing.T
	base  string // the pages' URL, no trailing slash
	path  string // of the chromium binary
	shots string // where screenshots go; "" for none
	n     int
}

// newBrowserSuite starts Chromium, or skips the test with one line when it
// is not installed outside CI (in CI it must be there: .ci/run installs it).
func newBrowserSuite(t *testing.T, base string) *browserSuite {
	t.Helper()
	path := chromium
	if _, err := os.Stat(path); err != nil {
		if p, err := exec.LookPath("chromium"); err == nil {
			path = p
		} else if os.Getenv("CI") != "" {
			t.Fatalf("chromium is missing in CI (%s): .ci/run installs it", chromium)
		} else {
			t.Skip("browser tests skipped: no chromium (apt-get install -y chromium)")
		}
	}
	s := &browserSuite{t: t, base: base, path: path}
	if dir := os.Getenv("CLAIMLEDGER_SCREENSHOTS"); dir != "" {
		s.shots = filepath.Join(dir, t.Name())
		if err := os.MkdirAll(s.shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// person is one reviewer's browser.
type person struct {
	s    *browserSuite
	name string
	ctx  context.Context
}

// person starts a browser with a fresh profile and signs in with cred.
func (s *browserSuite) person(name, cred string) *person {
	s.t.Helper()
	// Running as root (CI) needs --no-sandbox; the pages are our own.
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(s.path),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	s.t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first Run starts the browser and ties it to its context: on ctx
	// itself, not on the bounded contexts of each step below.
	if err := chromedp.Run(ctx); err != nil {
		s.t.Fatalf("start chromium: %v", err)
	}
	p := &person{s: s, name: name, ctx: ctx}
	p.run("sign in",
		chromedp.Navigate(s.base+"/signin"),
		chromedp.WaitVisible(`#token`, chromedp.ByQuery),
		chromedp.SendKeys(`#token`, cred, chromedp.ByQuery),
		chromedp.Submit(`#token`, chromedp.ByQuery),
		chromedp.WaitVisible(`form.signout`, chromedp.ByQuery))
	p.shot("queue")
	return p
}

// run runs actions in p's browser, bounded, failing the test on error.
func (p *person) run(what string, actions ...chromedp.Action) {
	p.s.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		var html string
		_ = chromedp.Run(p.ctx, chromedp.OuterHTML("html", &html, chromedp.ByQuery))
		p.s.t.Fatalf("%s: %s: %v\n%s", p.name, what, err, html)
	}
}

// download runs actions that start a download in p's browser and returns
// the file saved, which must be named name (the server's
// Content-Disposition decides it).
func (p *person) download(name string, actions ...chromedp.Action) []byte {
	p.s.t.Helper()
	dir := p.s.t.TempDir()
	p.run("allow downloads", browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir))
	p.run("download "+name, actions...)
	file := filepath.Join(dir, name)
	deadline := time.Now().Add(30 * time.Second)
	for {
		// Chromium writes NAME.crdownload and renames it when complete.
		if b, err := os.ReadFile(file); err == nil {
			return b
		}
		if time.Now().After(deadline) {
			left, _ := os.ReadDir(dir)
			p.s.t.Fatalf("%s: no %s downloaded after 30s; the download folder holds %v", p.name, name, left)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// text is the text of the first element sel matches.
func (p *person) text(sel string) string {
	p.s.t.Helper()
	var s string
	p.run("read "+sel, chromedp.Text(sel, &s, chromedp.ByQuery))
	return strings.TrimSpace(s)
}

// shot saves a screenshot of the page when CLAIMLEDGER_SCREENSHOTS is set.
func (p *person) shot(name string) {
	p.s.t.Helper()
	if p.s.shots == "" {
		return
	}
	var png []byte
	p.run("screenshot", chromedp.FullScreenshot(&png, 100))
	p.s.n++
	file := filepath.Join(p.s.shots, strings.Join([]string{twoDigits(p.s.n), p.name, name}, "-")+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		p.s.t.Fatal(err)
	}
}

func twoDigits(n int) string {
	return string([]byte{byte('0' + n/10%10), byte('0' + n%10)})
}
