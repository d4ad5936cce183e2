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
// {status, seconds, since_start}: the seconds from the click, and when
// each status was first seen.
const labRunJS = `new Promise((resolve) => {
  const status = () => { const lab = document.querySelector(".lab"); return lab && lab.dataset.ready === "1" ? lab.dataset.status : ""; };
  let t0 = 0;
  const seen = {};
  const watch = new MutationObserver(() => check());
  const check = () => {
    const st = status();
    if (!t0) {
      if (st === "idle") { t0 = -1; setTimeout(start, 3000); }
      return;
    }
    if (t0 < 0) return;
    if (st && !(st in seen)) seen[st] = +((performance.now() - t0) / 1000).toFixed(3);
    if (st === "done" || st === "failed") {
      watch.disconnect();
      resolve(JSON.stringify({ status: st, seconds: (performance.now() - t0) / 1000, since_start: seen }));
    }
  };
  const start = () => { t0 = performance.now(); document.getElementById("btn-start").click(); check(); };
  watch.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-status", "data-ready"] });
  check();
})`

// runLab loads the lab page at url, presses Start once it is idle, and
// returns the seconds from Start to the results on the page.
func runLab(bctx context.Context, url string, timeout time.Duration) (float64, []byte, error) {
	tab, cancel := chromedp.NewContext(bctx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, timeout)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return 0, nil, fmt.Errorf("loading %s: %w", url, err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](labRunJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return 0, nil, fmt.Errorf("waiting for the results: %w", err)
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

// serveLab starts `go run ./app serve` on a free port and returns the
// lab's URL and a func that stops it.
func serveLab(root string) (string, func(), error) {
	cmd := exec.Command("go", "run", "./app", "serve", "-addr", "127.0.0.1:0")
	cmd.Dir = root
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }
	line, err := bufio.NewReader(out).ReadString('\n')
	_, url, ok := strings.Cut(line, " at ")
	if err != nil || !ok {
		stop()
		return "", nil, fmt.Errorf("sslab serve said %q: %v", line, err)
	}
	url, _, _ = strings.Cut(url, " ")
	return url, stop, nil
}
