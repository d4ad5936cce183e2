//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sslab/app/server"
	"sslab/ml/train"
)

// TestWorkersGiveIdenticalBits trains one config in Chromium with 1, 2 and
// 3 workers (the training worker alone, then with 1 and 2 helpers holding
// replicas, for pretraining and adaptation) and checks that the result
// rows are the same bits as each other and as the command line's.
func TestWorkersGiveIdenticalBits(t *testing.T) {
	// The pool uses at most one worker per core: the training worker is
	// told of four, so that three really share the run on any machine.
	srv := httptest.NewServer(workerServerWith(coresScript(4), nil))
	defer srv.Close()

	// Batch 256 is 8 shards, so 2 and 3 workers really share every step.
	query := "preset=digits-quick&batch=256&epochs=2&aepochs=5&fsseeds=1"
	want := cliRows(t, query)
	ctx := newBrowser(t, 800, 600)
	for _, workers := range []string{"1", "2", "3"} {
		got := workerRun(t, ctx, srv.URL, workers, query)
		if len(got.Notices) > 0 {
			t.Fatalf("%s workers: %q", workers, got.Notices)
		}
		sameRows(t, workers+" workers", got.Rows, want)
		t.Logf("%s workers: %d rows equal to the command line's, %.1f s", workers, len(got.Rows), got.Wall)
	}
}

// TestHelperFailures makes a helper fail, at its start or in the middle of
// pretraining, and checks that the run carries on with the workers left,
// says so, and still gives the command line's bits.
func TestHelperFailures(t *testing.T) {
	query := "preset=digits-quick&batch=256&epochs=2&aepochs=5&fsseeds=1"
	want := cliRows(t, query)
	ctx := newBrowser(t, 800, 600)
	for _, c := range []struct {
		name   string
		helper func(w http.ResponseWriter, r *http.Request, script []byte) // serves a helper's worker.js
		notice string
	}{
		{"fails to start", func(w http.ResponseWriter, r *http.Request, _ []byte) {
			http.Error(w, "injected failure", http.StatusInternalServerError)
		}, "could not start (its script did not load); this page trains with 1 worker"},
		{"dies mid-run", func(w http.ResponseWriter, r *http.Request, script []byte) {
			// Its 12th call of Atomics.store (early in the run) throws,
			// which the Go program does not survive. Early, since the
			// pool takes a helper in whenever it is ready and does not
			// wait for it: one that joined late did not reach its 60th
			// call before the run's 10 steps were over, and the test
			// then failed for want of a notice.
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `{ const store = Atomics.store; let calls = 0;
  Atomics.store = function (...args) { if (++calls === 12) throw new Error("injected crash"); return store.apply(Atomics, args); }; }
`)
			w.Write(script)
		}, "carries on with 1"},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "-"), func(t *testing.T) {
			srv := httptest.NewServer(workerServer(c.helper))
			defer srv.Close()
			got := workerRun(t, ctx, srv.URL, "2", query)
			if len(got.Notices) == 0 || !strings.Contains(strings.Join(got.Notices, " "), c.notice) {
				t.Errorf("notices %q, want one that says %q", got.Notices, c.notice)
			}
			sameRows(t, c.name, got.Rows, want)
			t.Logf("%s: notices %q; %d rows equal to the command line's, %.1f s", c.name, got.Notices, len(got.Rows), got.Wall)
		})
	}
}

// workerServer serves web/ under /app/ as the lab's server does
// (cross-origin isolated, so that workers can share memory), Go's
// wasm_exec.js, and the run page (/app/run.html). If helper is not nil, it serves the worker.js of every worker but the first
// (the training worker's helpers), given the real script.
func workerServer(helper func(w http.ResponseWriter, r *http.Request, script []byte)) http.Handler {
	return workerServerWith("", helper)
}

// workerServerWith is workerServer whose training worker's script (the
// first worker.js served; every one if helper is nil) starts with prefix,
// a script of the test's.
func workerServerWith(prefix string, helper func(w http.ResponseWriter, r *http.Request, script []byte)) http.Handler {
	_, file, _, _ := runtime.Caller(0)
	web := filepath.Join(filepath.Dir(file), "..", "..", "web")
	mux := http.NewServeMux()
	mux.Handle("/app/", http.StripPrefix("/app/", http.FileServer(http.Dir(web))))
	mux.HandleFunc("/app/run.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, runPage)
	})
	mux.HandleFunc("/wasm_exec.js", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	})
	var mu sync.Mutex
	scripts := 0
	if helper != nil || prefix != "" {
		mux.HandleFunc("/app/worker.js", func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			scripts++
			first := scripts == 1
			mu.Unlock()
			script, err := os.ReadFile(filepath.Join(web, "worker.js"))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			if first || helper == nil {
				w.Header().Set("Content-Type", "text/javascript")
				fmt.Fprintln(w, prefix)
				w.Write(script)
				return
			}
			helper(w, r, script)
		})
	}
	return server.Isolated(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store") // every worker fetches its script
		mux.ServeHTTP(w, r)
	}))
}

// coresScript is a worker script's prefix that makes navigator say the
// machine has n cores.
func coresScript(n int) string {
	return fmt.Sprintf(`Object.defineProperty(navigator, "hardwareConcurrency", { value: %d });`, n)
}

// runPage trains a config in the training worker as the page would, with
// no page to draw: ?query=...&workers=N. It collects the notices and puts
// the result's rows, or the error, in window.sslabRun. It speaks the
// protocol of app/session (every message {json: ...}, told apart by its
// type).
const runPage = `<!doctype html>
<meta charset="utf-8">
<title>sslab run</title>
<script>
"use strict";
const params = new URLSearchParams(location.search);
const worker = new Worker("worker.js");
const notices = [];
let started = 0;
const done = (r) => { window.sslabRun = Object.assign({ notices }, r); };
const send = (m) => worker.postMessage({ json: JSON.stringify(m) });
worker.onerror = (e) => done({ error: "worker: " + (e.message || e) });
worker.onmessage = (event) => {
  const m = JSON.parse(event.data.json);
  switch (m.type) {
  case "ready":
    started = performance.now();
    send({ type: "start", run: 1, query: params.get("query") + "&workers=" + params.get("workers") });
    break;
  case "notice":
    notices.push(m.message);
    break;
  case "result":
    done({ rows: m.result.rows, wall_seconds: (performance.now() - started) / 1000 });
    break;
  case "error":
    done({ error: m.message });
    break;
  }
};
</script>
`

// workerResult is what the run page reports of a whole run.
type workerResult struct {
	Rows    []train.Row `json:"rows"`
	Wall    float64     `json:"wall_seconds"`
	Notices []string    `json:"notices"`
	Error   string      `json:"error"`
}

// workerRun runs query with the given workers in the run page and
// returns its result.
func workerRun(t *testing.T, ctx context.Context, base, workers, query string) workerResult {
	t.Helper()
	page := base + "/app/run.html?" + url.Values{"workers": {workers}, "query": {query}}.Encode()
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Poll[string]("window.sslabRun && JSON.stringify(window.sslabRun)",
		chromedp.WithPollingTimeout(120*time.Second)))
	if err != nil {
		t.Fatalf("%s workers: %v", workers, err)
	}
	var got workerResult
	if err := json.Unmarshal([]byte(raw), &got); err != nil || got.Error != "" {
		t.Fatalf("%s workers: %v %s", workers, err, got.Error)
	}
	return got
}

// sameRows fails unless got and want are the same rows, bit for bit.
func sameRows(t *testing.T, what string, got, want []train.Row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, the command line has %d", what, len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%s: row %d is %+v, the command line's %+v", what, i, got[i], want[i])
		}
	}
}
