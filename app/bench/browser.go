//go:build !wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
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
