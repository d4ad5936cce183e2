//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"sslab/app/page"
	"sslab/app/server"
)

// The end-to-end tests drive headless Chromium against the real app.wasm
// and worker.wasm (build them first: make wasm). Each saves a screenshot
// into the git-ignored .artifacts directory at the repository root.

// TestMain registers the page, which the server prerenders.
func TestMain(m *testing.M) {
	page.Register()
	os.Exit(m.Run())
}

// artifactsDir is where screenshots go.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", ".artifacts"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// chromiumPath finds the browser: $CHROMIUM, /usr/bin/chromium, or
// chromium on PATH.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return "chromium"
}

// newBrowser starts a headless Chromium with a fresh profile and returns a
// tab's context, sized width × height, for at most 150 s. Nothing may come
// from the internet.
func newBrowser(t *testing.T, width, height int) context.Context {
	t.Helper()
	return newBrowserFor(t, width, height, 150*time.Second)
}

// newBrowserFor is newBrowser for a test that may take up to timeout.
func newBrowserFor(t *testing.T, width, height int, timeout time.Duration) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// serveLab serves the lab (web/ next to app/) under base on a free
// loopback port and returns its URL, ending in "/".
func serveLab(t *testing.T, base string) string {
	t.Helper()
	dir, err := server.FindWebDir("")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(dir, base))
	t.Cleanup(srv.Close)
	return srv.URL + server.CleanBase(base) + "/"
}

// serveDir serves a directory with a plain file server on a free loopback
// port.
func serveDir(t *testing.T, dir string) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL
}

// savePNG writes a captured screenshot to .artifacts/name.png.
func savePNG(t *testing.T, name string, buf []byte, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(artifactsDir(t), name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Error(err)
		return
	}
	t.Logf("screenshot: %s", path)
}

// screenshot saves the viewport as .artifacts/name.png.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	savePNG(t, name, buf, err)
}

// fullScreenshot saves the whole page as .artifacts/name.png.
func fullScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := tallViewport(ctx, chromedp.CaptureScreenshot())
	savePNG(t, name, buf, err)
}

// elementScreenshot saves the element with the given id as
// .artifacts/name.png.
func elementScreenshot(t *testing.T, ctx context.Context, id, name string) {
	t.Helper()
	buf, err := tallViewport(ctx, chromedp.Screenshot(chromedp.ID(id)))
	savePNG(t, name, buf, err)
}

// tallViewport runs capture with the viewport as tall as the page, then
// restores it: the page's cards are drawn only near the viewport
// (content-visibility), and a capture of one off screen is blank.
func tallViewport(ctx context.Context, capture chromedp.Action[[]byte]) ([]byte, error) {
	size, err := chromedp.Run(ctx, chromedp.Evaluate[[]int64](`[innerWidth, innerHeight, document.documentElement.scrollHeight]`))
	if err != nil || len(size) != 3 {
		return nil, fmt.Errorf("page size: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[2])); err != nil {
		return nil, err
	}
	if err := nextFrames(ctx); err != nil { // the newly visible cards draw
		return nil, err
	}
	buf, err := chromedp.Run(ctx, capture)
	if rerr := chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[1])); err == nil {
		err = rerr
	}
	return buf, err
}

// waitReady waits until the page has mounted and connected to its worker.
func waitReady(t *testing.T, ctx context.Context) {
	t.Helper()
	// Ready: the page is built and its training worker answered (Start is
	// enabled), said it cannot (worker-down), or runs already (autorun): a
	// click on Start before then would be lost on a disabled button.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => {
		const lab = document.querySelector('[data-ready="1"]'), start = document.getElementById("btn-start");
		return lab !== null && (!start || !start.disabled || !!document.getElementById("worker-down") || lab.dataset.status !== "idle");
	})()`,
		chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		t.Fatalf("page never became ready: %v", err)
	}
}

// nextFrames waits until the page has drawn two more frames: whatever a
// change of layout or viewport made visible is then painted.
func nextFrames(ctx context.Context) error {
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise))
	return err
}

// waitSelector waits until the page has an element matching the CSS
// selector (a chart drawn: "#preview svg").
func waitSelector(t *testing.T, ctx context.Context, timeout time.Duration, selector string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector(`+strconv.Quote(selector)+`)`,
		chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("no %s within %v: %v", selector, timeout, err)
	}
}

// waitStatus waits until the lab's status is one of the given ones and
// returns it.
func waitStatus(t *testing.T, ctx context.Context, timeout time.Duration, statuses ...string) string {
	t.Helper()
	list := "["
	for i, s := range statuses {
		if i > 0 {
			list += ","
		}
		list += `"` + s + `"`
	}
	list += "]"
	st, err := chromedp.Run(ctx, chromedp.Poll[string](
		`(() => { const el = document.querySelector('.lab'); const s = el && el.dataset.status; return `+list+`.includes(s) ? s : false; })()`,
		chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		cur, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('.lab')||{dataset:{}}).dataset.status || ''`))
		failure, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('#run-failure')||{textContent:''}).textContent`))
		t.Fatalf("status never became %v (now %q %s): %v", statuses, cur, failure, err)
	}
	return st
}

// clickID clicks the element with the given id with the mouse, as a reader
// would, and makes sure that the click reached it.
//
// chromedp.Click reads the element's box, then presses the mouse at its
// centre a few DevTools round trips later; if the layout moves in between,
// the press lands on whatever is there by then and the click is lost. On
// the lab's page it does: the embed builder's preview is a whole lab in a
// frame, which boots in the background and reports a new height several
// times (embed.js applies each: 720 px, then 2287, 1780, …), moving all
// below it, the run bar and its buttons, by hundreds of pixels; a click on
// the glossary's button, read before a resize and pressed after it, goes
// into the preview frame and the glossary never opens.
//
// So the element is brought into the viewport, its box must be the same
// over two animation frames with the element itself under its centre (not
// covered by the sticky run bar, a popover or a frame), and a listener
// counts the trusted clicks that reach it. A press that missed is made
// again; one that reached the element never is, so a toggle is not
// toggled twice.
func clickID(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	const attempts = 5
	for i := 1; i <= attempts; i++ {
		at, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(`+settleJS+`)(`+jsString(id)+`)`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("clicking #%s: %v", id, err)
		}
		if len(at) != 3 {
			t.Fatalf("clicking #%s: it never held still, uncovered, in the viewport", id)
		}
		x, y, before := at[0], at[1], at[2]
		if err := chromedp.Do(ctx, chromedp.MouseClickXY(x, y)); err != nil {
			t.Fatalf("clicking #%s: %v", id, err)
		}
		// Input.dispatchMouseEvent returns once the page has handled the
		// events, so the count is final.
		now, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.e2eClicks[`+jsString(id)+`] || 0`))
		if err != nil {
			t.Fatalf("clicking #%s: %v", id, err)
		}
		if now > before {
			return
		}
		hit, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => { const e = document.elementFromPoint(%f, %f);
			return e ? e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") : "nothing"; })()`, x, y)))
		t.Logf("click %d of #%s at (%.0f, %.0f) missed it: the layout moved (%s is there now)", i, id, x, y, hit)
	}
	t.Fatalf("%d clicks of #%s missed it", attempts, id)
}

// settleJS, given an element's id, resolves to its centre and the count of
// clicks that reached it so far, once it is in the viewport, uncovered, and
// its box held still over two animation frames; or to [] if that did not
// happen within 600 frames. It installs the click counter (window.e2eClicks,
// by id of the element clicked and of each ancestor with an id).
const settleJS = `async (id) => {
	if (!window.e2eClicks) {
		window.e2eClicks = {};
		addEventListener("click", (e) => {
			if (!e.isTrusted) return;
			for (const n of e.composedPath()) if (n.id) window.e2eClicks[n.id] = (window.e2eClicks[n.id] || 0) + 1;
		}, true);
	}
	const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
	let last = "";
	for (let i = 0; i < 600; i++) {
		const el = document.getElementById(id);
		if (!el) { last = ""; await frame(); continue; }
		const r = el.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
		const inView = r.width > 0 && r.height > 0 && x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
		const hit = inView ? document.elementFromPoint(x, y) : null;
		const key = [r.x, r.y, r.width, r.height].join();
		if (hit && el.contains(hit) && key === last) return [x, y, window.e2eClicks[id] || 0];
		if (!hit || !el.contains(hit)) el.scrollIntoView({block: "center", inline: "nearest", behavior: "instant"});
		last = key;
		await frame();
	}
	return [];
}`
