//go:build e2e

package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"sslab/app/server"
)

// plainStatic serves dir as a plain static host does: each file as it is,
// a directory's index.html, index.html by its own name (no redirect), and
// no isolation headers.
func plainStatic(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			p = filepath.Join(p, "index.html")
		}
		f, err := os.Open(p)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil || fi.IsDir() {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, fi.Name(), fi.ModTime(), f)
	})
}

// evalRetry evaluates a condition until it holds, through reloads of the
// page (whose context an evaluation may outlive).
func evalRetry(t *testing.T, ctx context.Context, timeout time.Duration, js, what string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v (%v)", what, timeout, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestStaticCopyHosting writes the static site for /course/sslab and serves
// it from a host that sends no isolation headers: index.html answers with
// the lab; the service worker makes the page cross-origin isolated (one
// reload), so two workers share the run; and after the first visit the
// lab loads and trains with the server gone and the network cut.
func TestStaticCopyHosting(t *testing.T) {
	webDir, err := server.FindWebDir("")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := server.WriteStaticSite(filepath.Join(root, "course", "sslab"), webDir, "/course/sslab"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(plainStatic(root))
	defer srv.Close()
	page := srv.URL + "/course/sslab/index.html?preset=digits-quick&epochs=5&aepochs=5&fsseeds=1&workers=2"

	resp, err := http.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Cross-Origin-Embedder-Policy") != "" {
		t.Fatalf("index.html: %s, COEP %q (the host must send none)", resp.Status, resp.Header.Get("Cross-Origin-Embedder-Policy"))
	}

	ctx := newBrowserFor(t, 1000, 800, 300*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	evalRetry(t, ctx, 60*time.Second, `self.crossOriginIsolated === true && !!document.querySelector('[data-ready="1"] #btn-start')`,
		"the page isolated by its service worker, with the lab mounted")
	if nf, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('.goapp-notfound-title')`)); nf {
		t.Fatal("index.html shows go-app's not-found page")
	}
	if txt := runToDone(t, ctx); strings.Contains(txt, "one worker") || strings.Contains(txt, "one core") {
		t.Errorf("the isolated copy trained in one worker: %q", txt)
	}
	screenshot(t, ctx, "authors-static-isolated")

	// Offline: once the worker has cached both binaries, cut everything.
	evalRetry(t, ctx, 60*time.Second, `(async () => {
		for (const k of await caches.keys()) {
			const c = await caches.open(k);
			if (await c.match(new URL("web/worker.wasm", location.href.replace(/index\.html.*$/, ""))) &&
			    await c.match(new URL("web/app.wasm", location.href.replace(/index\.html.*$/, "")))) return true;
		}
		return false; })()`, "both binaries cached")
	srv.Close()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	// The server is gone; the browser is told it is offline too, service
	// worker included.
	yes := true
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &yes,
		MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true,
		DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"&seed=2")); err != nil {
		t.Fatalf("offline reload: %v", err)
	}
	evalRetry(t, ctx, 60*time.Second, `!!document.querySelector('[data-ready="1"] #btn-start') && !navigator.onLine === true`,
		"the lab loaded offline")
	runToDone(t, ctx)
	screenshot(t, ctx, "authors-static-offline")
}

// runToDone starts the lab's run once its worker is ready and waits for
// the results; it returns the run bar's text.
func runToDone(t *testing.T, ctx context.Context) string {
	t.Helper()
	evalRetry(t, ctx, 60*time.Second, `!document.getElementById("btn-start").disabled`, "Start enabled")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("btn-start"))); err != nil {
		t.Fatal(err)
	}
	if st := waitStatus(t, ctx, 180*time.Second, "done", "failed"); st != "done" {
		t.Fatalf("the run ended %s: %s", st, failureText(t, ctx))
	}
	txt, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".run-bar").textContent`))
	return txt
}
