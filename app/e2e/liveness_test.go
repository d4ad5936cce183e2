//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Workers that stop without a word: no error event, no message, only
// silence. Each case hung the lab before the pool and the page watched
// their workers.

// terminateHelpers is a prefix of the training worker's script that keeps
// the helpers it creates and, once one has taken the run (shard-ready) and
// two progress messages of pretraining have gone out since, ends them all
// with terminate(), as a browser may end a worker: no error event follows.
const terminateHelpers = `{
  const helpers = [];
  let ready = false, progress = 0;
  const Native = self.Worker;
  self.Worker = function (url, opts) {
    const w = new Native(url, opts);
    if (opts && opts.name === "sslab-helper") {
      helpers.push(w);
      w.addEventListener("message", (e) => {
        if (e.data && typeof e.data.json === "string" && JSON.parse(e.data.json).type === "shard-ready") ready = true;
      });
    }
    return w;
  };
  const post = self.postMessage.bind(self);
  self.postMessage = function (v, ...rest) {
    if (ready && progress < 2 && v && typeof v.json === "string") {
      const m = JSON.parse(v.json);
      if (m.type === "progress" && m.progress && m.progress.phase === "pretrain" && ++progress === 2) {
        for (const h of helpers) h.terminate();
      }
    }
    return post(v, ...rest);
  };
}`

// TestHelperStopsAnswering makes a helper stop answering, without an error
// event, in three ways, and checks that the run finishes with the command
// line's bits and a notice that says which helper was dropped and why.
func TestHelperStopsAnswering(t *testing.T) {
	query := "preset=digits-quick&batch=256&epochs=4&aepochs=5&fsseeds=1"
	want := cliRows(t, query)
	ctx := newBrowser(t, 800, 600)
	realScript := func(w http.ResponseWriter, r *http.Request, script []byte) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write(script)
	}
	for _, c := range []struct {
		name   string
		train  string                                                      // prefix of the training worker's script
		helper func(w http.ResponseWriter, r *http.Request, script []byte) // serves a helper's worker.js
		notice string
	}{
		// Terminated after it answered a share (the warm-up's or the
		// run's): it misses the run's share or a phase, either way
		// silently.
		{"terminated mid-run", terminateHelpers, realScript, "stopped (it did not"},
		{"hangs mid-run", "", func(w http.ResponseWriter, r *http.Request, script []byte) {
			// Its 12th call of Atomics.store (early in the run, as in
			// TestHelperFailures' crash: a helper that joined late might
			// not reach a later call before the run is over) blocks
			// forever: the helper is alive and silent.
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `{ const store = Atomics.store; let calls = 0;
  Atomics.store = function (...args) { if (++calls === 12) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return store.apply(Atomics, args); }; }
`)
			w.Write(script)
		}, "stopped (it did not answer within"},
		{"never starts", "", func(w http.ResponseWriter, r *http.Request, _ []byte) {
			// The script loads and never answers.
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `self.onmessage = () => {};`)
		}, "could not start (it did not answer its start within 10 s); this page trains with 1 worker"},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "-"), func(t *testing.T) {
			srv := httptest.NewServer(workerServerWith(c.train, c.helper))
			defer srv.Close()
			got := runWithNotice(t, ctx, srv.URL, "2", query)
			// The deadline follows from the slowest phase measured, at
			// least 5 s: the notice says how long it was.
			if all := strings.Join(got.Notices, " "); !strings.Contains(all, c.notice) || !strings.Contains(all, "1 worker") {
				t.Errorf("notices %q, want one that says %q", got.Notices, c.notice)
			}
			sameRows(t, c.name, got.Rows, want)
			t.Logf("%s: notices %q; %d rows equal to the command line's, %.1f s", c.name, got.Notices, len(got.Rows), got.Wall)
		})
	}
}

// TestWorkersCapped asks for more workers than the machine has cores: the
// run uses one per core, says so, and gives the command line's bits.
func TestWorkersCapped(t *testing.T) {
	query := "preset=digits-quick&batch=256&epochs=2&aepochs=5&fsseeds=1"
	want := cliRows(t, query)
	srv := httptest.NewServer(workerServerWith(coresScript(2), nil))
	defer srv.Close()
	ctx := newBrowser(t, 800, 600)
	got := runWithNotice(t, ctx, srv.URL, "3", query)
	if n := "3 workers were asked for, and this device has 2 cores: the run uses 2 workers"; !strings.Contains(strings.Join(got.Notices, " "), n) {
		t.Errorf("notices %q, want one that says %q", got.Notices, n)
	}
	sameRows(t, "3 workers on 2 cores", got.Rows, want)
}

// runWithNotice runs query in the run page, as workerRun does, and returns
// once the result and at least one notice have arrived (a helper that
// never starts is given up after the run may have ended).
func runWithNotice(t *testing.T, ctx context.Context, base, workers, query string) workerResult {
	t.Helper()
	page := base + "/app/run.html?" + url.Values{"workers": {workers}, "query": {query}}.Encode()
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Poll[string](
		"window.sslabRun && (window.sslabRun.error || window.sslabRun.notices.length > 0) && JSON.stringify(window.sslabRun)",
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

// recordWorkers is a page script that keeps every Worker the page creates
// in window.sslabWorkers, so that a test can end one from outside.
const recordWorkers = `{
  window.sslabWorkers = [];
  const Native = window.Worker;
  window.Worker = function (url, opts) {
    const w = new Native(url, opts);
    window.sslabWorkers.push(w);
    return w;
  };
}`

// TestTrainingWorkerStops ends the lab's training worker mid-run with
// terminate() (no error event, no message): the page's watchdog notices
// the silence, the run fails with the reason, and a new Start is answered
// at once with the same reason rather than hanging.
func TestTrainingWorkerStops(t *testing.T) {
	base := serveLab(t, "/")
	ctx := newBrowser(t, 1280, 900)
	if _, err := chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordWorkers})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-quick&epochs=200")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("btn-start"))); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, ctx, 60*time.Second, "pretraining")
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.sslabWorkers.forEach((w) => w.terminate()), window.sslabWorkers.length`))
	if err != nil || n != 1 {
		t.Fatalf("the page made %d workers (%v), want the training worker", n, err)
	}
	waitStatus(t, ctx, 60*time.Second, "failed")
	failure := selectorText(t, ctx, "#run-failure")
	if !strings.Contains(failure, "stopped answering") {
		t.Errorf("failure %q does not say the worker stopped answering", failure)
	}
	// Start again: the dead worker cannot answer, and the page says so
	// at once instead of showing "Loading…" forever.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("btn-start"))); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, ctx, 10*time.Second, "failed")
	if again := selectorText(t, ctx, "#run-failure"); !strings.Contains(again, "stopped answering") {
		t.Errorf("a Start after the worker stopped failed with %q", again)
	}
	screenshot(t, ctx, "worker-stopped")
}

// selectorText returns the text of the element sel, or "" if there is none.
func selectorText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(`+"`"+sel+"`"+`) || {textContent: ""}).textContent`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
