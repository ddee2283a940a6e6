package panel_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chrome is a headless Chromium a test drives, as a manager's browser: its pages really render the HTML, keep
// the cookie, send the forms. Tests fail, never skip, when there is no browser: `.ci/run` installs Debian's
// chromium.
type chrome struct {
	t    *testing.T
	ctx  context.Context
	base string
	// shots is where screenshots go: FURSTORE_SCREENSHOTS (`make screenshots`), else the test's temporary folder.
	shots string
}

func newChrome(t *testing.T, base string, width, height int) *chrome {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Fatal("no Chromium to drive: apt-get install chromium (.ci/run does)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(width, height), chromedp.Flag("lang", "ru-RU"))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	shots := os.Getenv("FURSTORE_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	c := &chrome{t: t, ctx: ctx, base: base, shots: shots}
	// The first run starts the browser and must not carry a deadline (it would stop the browser with it).
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return c
}

// browserStep bounds each step, so that a broken page fails the test instead of hanging it.
const browserStep = 30 * time.Second

func get[T any](c *chrome, a chromedp.Action[T]) T {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, browserStep)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		c.t.Fatalf("browser: %v", err)
	}
	return v
}

// run performs steps in order. A step whose element went away under it (Chromium renumbers the page's nodes
// when it loads or updates the document: "No node with given id found") is tried again on the page as it now
// is; a step that failed that way did nothing.
func (c *chrome) run(steps ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	for _, step := range steps {
		for attempt := 1; ; attempt++ {
			ctx, cancel := context.WithTimeout(c.ctx, browserStep)
			_, err := chromedp.Run(ctx, step)
			cancel()
			if err == nil {
				break
			}
			if attempt == 5 || !strings.Contains(err.Error(), "No node with given id") && !strings.Contains(err.Error(), "Cannot find context") {
				c.t.Fatalf("browser: %v", err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// open goes to a panel path and returns the page's visible text.
func (c *chrome) open(path string) string {
	c.t.Helper()
	c.run(chromedp.Navigate(c.base+path), chromedp.WaitReady(chromedp.CSS("body")))
	return c.text()
}

// text returns the visible text of the page the browser is on.
func (c *chrome) text() string {
	c.t.Helper()
	return get(c, chromedp.Text(chromedp.CSS("body")))
}

// location is the path the browser is on.
func (c *chrome) location() string {
	c.t.Helper()
	return strings.TrimPrefix(get(c, chromedp.Location()), c.base)
}

// screenshot writes the whole page as name.png.
func (c *chrome) screenshot(name string) {
	c.t.Helper()
	png := get(c, chromedp.FullScreenshot(100)) // 100: PNG
	if err := os.WriteFile(filepath.Join(c.shots, name+".png"), png, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// signIn fills and sends the sign-in form.
func (c *chrome) signIn(email, password string) {
	c.t.Helper()
	c.run(chromedp.Navigate(c.base+"/admin/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="email"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), email),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`form.login button[type="submit"]`)),
		// The next page: the panel (its menu), or the form again with the reason.
		chromedp.WaitVisible(chromedp.CSS(`header nav, p.error`)))
}

// waitText waits until the page the browser is on reads want (after a form sent and its redirect), and
// returns the page's text, its blanks folded to single spaces.
func (c *chrome) waitText(want string) string {
	c.t.Helper()
	deadline := time.Now().Add(browserStep)
	for {
		// While the next page loads, reading the old one may fail (its nodes and script context go away with
		// it): that is only "not yet".
		ctx, cancel := context.WithTimeout(c.ctx, browserStep)
		raw, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		cancel()
		text := strings.Join(strings.Fields(raw), " ")
		if err == nil && strings.Contains(text, want) {
			return text
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("the page never read %q (%v); it reads:\n%s", want, err, text)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
