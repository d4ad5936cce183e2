//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"sslab/app/server"
)

// cspReportPath is where the test's server collects the browser's
// violation reports (report-uri): the page's, and each worker's, which
// runs under the policy of its own script and reports on its own.
const cspReportPath = "/__csp-report"

// probeWorkerPath serves a worker that breaks the lab's policy on
// purpose (eval), with the lab's headers: the check that a worker's
// violations reach the report collector at all.
const probeWorkerPath = "/__csp-probe-worker.js"

type cspReport struct {
	Document  string `json:"document-uri"`
	Directive string `json:"effective-directive"`
	Blocked   string `json:"blocked-uri"`
	Source    string `json:"source-file"`
	Line      int    `json:"line-number"`
	Sample    string `json:"script-sample"`
}

// reportingLab serves the lab with its CSP plus a report-uri, and
// collects the reports.
type reportingLab struct {
	mu      sync.Mutex
	reports []cspReport
	arrived chan struct{} // a report arrived
}

func (l *reportingLab) ServeHTTP(w http.ResponseWriter, r *http.Request, lab http.Handler) {
	switch r.URL.Path {
	case cspReportPath:
		var body struct {
			Report cspReport `json:"csp-report"`
		}
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &body); err != nil {
			body.Report.Sample = "unreadable report: " + string(b)
		}
		l.mu.Lock()
		l.reports = append(l.reports, body.Report)
		l.mu.Unlock()
		select {
		case l.arrived <- struct{}{}:
		default:
		}
		w.WriteHeader(http.StatusNoContent)
		return
	case probeWorkerPath:
		for _, kv := range append(append([][2]string{}, server.Security...), server.Isolation...) {
			w.Header().Set(kv[0], kv[1])
		}
		w.Header().Set("Content-Security-Policy", server.CSP+"; report-uri "+cspReportPath)
		w.Header().Set("Content-Type", "text/javascript")
		io.WriteString(w, `try { eval("1"); } catch (e) {} postMessage("probed");`)
		return
	}
	lab.ServeHTTP(&reportURIWriter{ResponseWriter: w}, r)
}

// snapshot returns the reports so far.
func (l *reportingLab) snapshot() []cspReport {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]cspReport(nil), l.reports...)
}

// reportURIWriter adds the report-uri to the CSP the lab sends.
type reportURIWriter struct {
	http.ResponseWriter
	done bool
}

func (w *reportURIWriter) add() {
	if !w.done {
		w.done = true
		if csp := w.Header().Get("Content-Security-Policy"); csp != "" {
			w.Header().Set("Content-Security-Policy", csp+"; report-uri "+cspReportPath)
		}
	}
}

func (w *reportURIWriter) WriteHeader(code int) { w.add(); w.ResponseWriter.WriteHeader(code) }
func (w *reportURIWriter) Write(b []byte) (int, error) {
	w.add()
	return w.ResponseWriter.Write(b)
}

// TestNoCSPViolations loads the lab under its CSP, runs it with helper
// workers, downloads its results, and checks that nothing in the page or
// in any of its workers (the training worker, its helpers, the service
// worker) broke the policy: no securitypolicyviolation event in the page
// and no report from any context.
func TestNoCSPViolations(t *testing.T) {
	dir, err := server.FindWebDir("")
	if err != nil {
		t.Fatal(err)
	}
	rl, base := serveReporting(t, server.New(dir, "/"))
	ctx := newBrowser(t, 1280, 800)
	watchViolations(t, ctx)
	// A helper besides the training worker: a worker of its own.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/?preset=digits-quick&aepochs=30&workers=2&autorun=1")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	if st := waitStatus(t, ctx, 120*time.Second, "done", "failed"); st != "done" {
		t.Fatalf("run ended %s: %s", st, failureText(t, ctx))
	}
	downloads(t, ctx, "dl-csv", "dl-json", "dl-embeddings", "loss")
	checkViolations(t, ctx, rl)
}

// TestStaticSiteCSP serves the static site under a sub-path with the
// headers its _headers file gives, as Netlify or Cloudflare Pages would,
// and checks that the page loads, embedded, and starts its training
// worker with no violation: the file's rule covers the site's files.
func TestStaticSiteCSP(t *testing.T) {
	webDir, err := server.FindWebDir("")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	site := filepath.Join(root, "notes", "sslab")
	if err := server.WriteStaticSite(site, webDir, "/notes/sslab"); err != nil {
		t.Fatal(err)
	}
	rules, err := os.ReadFile(filepath.Join(site, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	rl, base := serveReporting(t, withHeadersFile(t, string(rules), http.FileServer(http.Dir(root))))
	ctx := newBrowser(t, 640, 480)
	watchViolations(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/notes/sslab/?preset=digits-quick&embed=1")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	isolated, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`crossOriginIsolated`))
	if err != nil || !isolated {
		t.Errorf("the static page is not cross-origin isolated under its _headers (%v)", err)
	}
	checkViolations(t, ctx, rl)
}

// withHeadersFile serves h with the headers of a _headers file's rules
// that match the path (a rule "/a/*" matches every path below /a/).
func withHeadersFile(t *testing.T, file string, h http.Handler) http.Handler {
	t.Helper()
	type rule struct {
		pattern string
		headers [][2]string
	}
	var rules []rule
	for _, line := range strings.Split(file, "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, " "):
			name, value, ok := strings.Cut(strings.TrimSpace(line), ": ")
			if !ok || len(rules) == 0 {
				t.Fatalf("_headers line %q", line)
			}
			rules[len(rules)-1].headers = append(rules[len(rules)-1].headers, [2]string{name, value})
		default:
			rules = append(rules, rule{pattern: line})
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, ru := range rules {
			prefix, splat := strings.CutSuffix(ru.pattern, "*")
			if r.URL.Path == ru.pattern || splat && strings.HasPrefix(r.URL.Path, prefix) {
				for _, kv := range ru.headers {
					w.Header().Set(kv[0], kv[1])
				}
			}
		}
		h.ServeHTTP(w, r)
	})
}

// serveReporting serves lab with reports collected, and returns the
// collector and the server's URL.
func serveReporting(t *testing.T, lab http.Handler) (*reportingLab, string) {
	t.Helper()
	rl := &reportingLab{arrived: make(chan struct{}, 1)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { rl.ServeHTTP(w, r, lab) }))
	t.Cleanup(srv.Close)
	return rl, srv.URL
}

// watchViolations records, from the next page load on, the page's
// securitypolicyviolation events.
func watchViolations(t *testing.T, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
			window.sslabViolations = [];
			document.addEventListener("securitypolicyviolation", (e) => window.sslabViolations.push(
				{directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample}));`})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// checkViolations fails on any violation so far, in the page (events) or
// in any context (reports). It first makes two on purpose, one in the
// page and one in a worker, and waits until both are reported: the check
// can see what it checks for, and the reports made before have arrived.
func checkViolations(t *testing.T, ctx context.Context, rl *reportingLab) {
	t.Helper()
	sw, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.ready.then((r) => !!r.active)`, chromedp.EvalAwaitPromise))
	if !sw {
		t.Error("the service worker did not start under the CSP")
	}
	// The probes: an image from another origin in the page (refused
	// before any request), and a worker that calls eval.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`
		document.body.appendChild(Object.assign(document.createElement("img"), {src: "http://192.0.2.1/csp-probe.png", alt: ""}));
		new Worker("`+probeWorkerPath+`");`)); err != nil {
		t.Fatal(err)
	}
	probed := func(rs []cspReport) (pageProbe, workerProbe bool) {
		for _, r := range rs {
			pageProbe = pageProbe || strings.Contains(r.Blocked, "csp-probe.png")
			workerProbe = workerProbe || strings.Contains(r.Document, probeWorkerPath)
		}
		return
	}
	deadline := time.After(30 * time.Second)
	for p, w := probed(rl.snapshot()); !p || !w; p, w = probed(rl.snapshot()) {
		select {
		case <-rl.arrived:
		case <-deadline:
			t.Fatalf("the probes' violations were not reported (page %v, worker %v): %+v", p, w, rl.snapshot())
		}
	}

	type violation struct {
		Directive, Blocked, Source, Sample string
		Line                               int
	}
	inPage, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](`window.sslabViolations`))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range inPage {
		if !strings.Contains(v.Blocked, "csp-probe.png") {
			t.Errorf("violation in the page: %+v", v)
		}
	}
	if len(inPage) == 0 {
		t.Error("the page's probe raised no securitypolicyviolation event")
	}
	reports := rl.snapshot()
	for _, r := range reports {
		if !strings.Contains(r.Blocked, "csp-probe.png") && !strings.Contains(r.Document, probeWorkerPath) {
			t.Errorf("violation reported by %s: %+v", r.Document, r)
		}
	}
	t.Logf("%d reports (the two probes' included), %d events in the page", len(reports), len(inPage))
}
