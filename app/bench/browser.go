//go:build !wasm

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// errNotFound is returned by runPage when the page answers 404.
var errNotFound = errors.New("page not found (404)")

// startBrowser launches one headless Chromium with a fresh profile
// (chromedp makes and removes a temporary --user-data-dir) and returns its
// context, its version and a func that closes it.
func startBrowser(execPath string) (context.Context, string, func(), error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	stop := func() { cancel(); acancel() }
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		stop()
		return nil, "", nil, fmt.Errorf("starting %s: %w", execPath, err)
	}
	v, err := cdp.Call(ctx, chromedp.FromContext(ctx).Browser, browser.GetVersion, cdp.Empty{})
	if err != nil {
		stop()
		return nil, "", nil, err
	}
	return ctx, v.Product, stop, nil
}

// runPage opens url in a new tab of the browser, waits up to timeout for
// the page to set window[global], and returns that value as JSON. It
// returns errNotFound if the page answers 404. The page's console errors
// and uncaught exceptions go to logw, prefixed by tag.
func runPage(bctx context.Context, url, global string, timeout time.Duration, logw io.Writer, tag string) ([]byte, error) {
	tab, cancel := chromedp.NewContext(bctx)
	defer cancel()
	if err := chromedp.Do(tab); err != nil { // opens the tab
		return nil, err
	}
	go func() {
		for m, err := range chromedp.Console(tab) {
			if err != nil {
				return
			}
			// The 404 of a missing page itself is reported by the caller.
			if (m.Type == chromedp.ConsoleError || m.IsException()) && m.URL != url {
				fmt.Fprintf(logw, "  [%s] console %s: %s\n", tag, m.Type, m.Text)
			}
		}
	}()
	resp, err := chromedp.Run(tab, chromedp.NavigateResponse(url))
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", url, err)
	}
	if resp.Status == 404 {
		return nil, errNotFound
	}
	if resp.Status != 200 {
		return nil, fmt.Errorf("loading %s: HTTP %d", url, resp.Status)
	}
	ctx, cancelT := context.WithTimeout(tab, timeout+30*time.Second)
	defer cancelT()
	raw, err := chromedp.Run(ctx, chromedp.Poll[[]byte]("window."+global,
		chromedp.WithPollingInterval(250*time.Millisecond),
		chromedp.WithPollingTimeout(timeout)))
	if errors.Is(err, chromedp.ErrPollingTimeout) || errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("window.%s not set after %s", global, timeout)
	}
	return raw, err
}

// labRunJS waits until the lab page is ready and idle, lets it settle for
// three seconds (as a learner reads before pressing Start), clicks Start, and
// resolves, once the results show (status "done", or "failed"), to
// {status, seconds, since_start, long_tasks}: the seconds from the click,
// when each status was first seen, and the page's tasks over 50 ms from the
// click on (start in seconds from the click, duration, status at start).
const labRunJS = `new Promise((resolve) => {
  const status = () => { const lab = document.querySelector(".lab"); return lab && lab.dataset.ready === "1" ? lab.dataset.status : ""; };
  let t0 = 0;
  const seen = {};
  // The page's long tasks (Chromium reports those over 50 ms) and its
  // status changes, to tell which status each task began in.
  const tasks = [], changes = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (t0 > 0 && e.startTime + e.duration > t0) tasks.push(e);
  }).observe({type: "longtask"});
  const statusAt = (t) => { let s = ""; for (const [at, st] of changes) if (at <= t) s = st; return s; };
  const rel = (t) => +((t - t0) / 1000).toFixed(3);
  const watch = new MutationObserver(() => check());
  const check = () => {
    const st = status();
    if (!t0) {
      if (st === "idle") { t0 = -1; setTimeout(start, 3000); }
      return;
    }
    if (t0 < 0) return;
    if (st && !(st in seen)) seen[st] = +((performance.now() - t0) / 1000).toFixed(3);
    if (st && (!changes.length || changes[changes.length - 1][1] !== st)) changes.push([performance.now(), st]);
    if (st === "done" || st === "failed") {
      watch.disconnect();
      const seconds = (performance.now() - t0) / 1000;
      // Long tasks are reported after they end: wait for the last ones.
      setTimeout(() => resolve(JSON.stringify({ status: st, seconds, since_start: seen,
        long_tasks: tasks.map((e) => ({ at: rel(e.startTime), ms: Math.round(e.duration), status: statusAt(e.startTime) || "idle" })) })), 500);
    }
  };
  const start = () => { t0 = performance.now(); document.getElementById("btn-start").click(); check(); };
  watch.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-status", "data-ready"] });
  check();
})`

// runLab loads the lab page at url, presses Start once it is idle, and
// returns the seconds from Start to the results on the page.
// If trace is not "", the tab is traced from loading to the results and the
// trace written there.
func runLab(bctx context.Context, url string, timeout time.Duration, trace string) (float64, []byte, error) {
	tab, cancel := chromedp.NewContext(bctx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, timeout)
	defer cancelT()
	var tr *tracer
	if trace != "" {
		var err error
		if tr, err = startTrace(ctx); err != nil {
			return 0, nil, fmt.Errorf("tracing: %w", err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return 0, nil, fmt.Errorf("loading %s: %w", url, err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](labRunJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return 0, nil, fmt.Errorf("waiting for the results: %w", err)
	}
	if tr != nil {
		if err := tr.stop(ctx, trace); err != nil {
			return 0, nil, fmt.Errorf("tracing: %w", err)
		}
	}
	var r struct {
		Status  string  `json:"status"`
		Seconds float64 `json:"seconds"`
	}
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return 0, nil, err
	}
	if r.Status != "done" {
		return 0, []byte(raw), fmt.Errorf("the run ended %s", r.Status)
	}
	return r.Seconds, []byte(raw), nil
}

// serveLab builds the app and starts `sslab serve` on a free port, and
// returns the lab's URL and a func that stops it. (The binary is run
// directly: `go run` would not pass on the signal that stops it.)
func serveLab(root string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "sslab-bench-")
	if err != nil {
		return "", nil, err
	}
	bin := filepath.Join(dir, "sslab")
	build := exec.Command("go", "build", "-o", bin, "./app")
	build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("building the app: %w", err)
	}
	cmd := exec.Command(bin, "serve", "-addr", "127.0.0.1:0")
	cmd.Dir = root
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	stop := func() {
		cmd.Process.Kill()
		cmd.Wait()
		os.RemoveAll(dir)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	_, url, ok := strings.Cut(line, " at ")
	if err != nil || !ok {
		stop()
		return "", nil, fmt.Errorf("sslab serve said %q: %v", line, err)
	}
	url, _, _ = strings.Cut(url, " ")
	return url, stop, nil
}
