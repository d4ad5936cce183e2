//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// privacyMarker is a class name in the uploaded file that must never leave
// the browser.
const privacyMarker = "zebra-marker-77"

// seenRequest is a request the browser was about to send.
type seenRequest struct {
	phase, from, method, url, body string
}

// TestPrivacy uploads a CSV file, trains on it to the end, downloads the
// results, and checks from the browser's network log that nothing went to
// any host but the lab's server and that no request carried the file's
// contents: the data never leaves the browser.
//
// The page's requests are recorded from the page load on (a superset of
// "from the upload on"). A dedicated worker's own fetches are reported on
// the worker's target, not the page's, so the test attaches to the training
// worker after the upload and watches it too; a probe fetch made in the
// worker at the end shows that its requests are seen.
func TestPrivacy(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "private.csv")
	csv := strings.ReplaceAll(goodCSVText(60), "cat", privacyMarker)
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	base := serveLab(t, "/")
	server, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t, 1280, 900)

	var mu sync.Mutex
	var seen []seenRequest
	phase := "load"
	probeSeen := make(chan struct{}) // closed when the probe request is seen
	var probedOnce sync.Once
	// watch records the requests of a target (the page's or a worker's).
	watch := func(ctx context.Context, from string) error {
		if err := chromedp.Listen(ctx, func(ev any) {
			mu.Lock()
			defer mu.Unlock()
			switch e := ev.(type) {
			case *network.EventRequestWillBeSent:
				var body strings.Builder
				for _, p := range e.Request.PostDataEntries {
					body.Write(p.Bytes)
				}
				seen = append(seen, seenRequest{phase: phase, from: from, method: e.Request.Method,
					url: e.Request.URL + e.Request.URLFragment, body: body.String()})
				if strings.HasSuffix(e.Request.URL, "/privacy-probe") {
					probedOnce.Do(func() { close(probeSeen) })
				}
			case *network.EventWebSocketCreated:
				seen = append(seen, seenRequest{phase: phase, from: from, method: "WEBSOCKET", url: e.URL})
			}
		}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return fmt.Errorf("network monitoring of the %s: %v", from, err)
		}
		return nil
	}
	if err := watch(ctx, "page"); err != nil {
		t.Fatal(err)
	}
	setPhase := func(p string) {
		mu.Lock()
		phase = p
		mu.Unlock()
	}

	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-quick&epochs=3&aepochs=10&fsseeds=1")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("data-file"), []string{file})); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`(document.getElementById('data-info')||{textContent:''}).textContent.includes('private.csv: 60 rows')`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the file was not loaded: %v", err)
	}

	// The training worker is its own target: attach to it and watch it too.
	infos, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Each worker target is attached to in turn of its answer: a helper
	// that the idle worker's warm-up started waits in Atomics.wait, where
	// it cannot answer until a run wakes it (helpers fetch nothing: the
	// training worker hands them the module and the data). The training
	// worker answers at once.
	type attached struct {
		ctx context.Context
		url string
		err error
	}
	answers := make(chan attached, len(infos))
	pending := 0
	for _, info := range infos {
		if info.Type != "worker" {
			continue
		}
		wctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID))
		t.Cleanup(cancel)
		pending++
		go func(url string) { answers <- attached{wctx, url, watch(wctx, "worker")} }(info.URL)
	}
	var workers []context.Context
	wait := time.After(20 * time.Second)
attach:
	for ; pending > 0; pending-- {
		select {
		case a := <-answers:
			if a.err != nil {
				t.Fatalf("worker target %s: %v", a.url, a.err)
			}
			workers = append(workers, a.ctx)
			t.Logf("watching worker target %s", a.url)
		case <-wait:
			t.Logf("%d worker target(s) did not answer within 20 s (helpers waiting in Atomics.wait)", pending)
			break attach
		}
	}
	if len(workers) == 0 {
		t.Fatal("no worker target to watch")
	}

	setPhase("run")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("btn-start"))); err != nil {
		t.Fatal(err)
	}
	if st := waitStatus(t, ctx, 60*time.Second, "done", "failed"); st != "done" {
		t.Fatalf("the run on the file ended %s: %s", st, failureText(t, ctx))
	}
	setPhase("download")
	files := downloads(t, ctx, "dl-csv", "dl-json")
	inReport := false
	for _, f := range files {
		inReport = inReport || strings.Contains(f, privacyMarker)
	}

	// A control: a fetch made in the worker is seen.
	setPhase("probe")
	for _, wctx := range workers {
		if err := chromedp.Do(wctx, chromedp.Evaluate[chromedp.Void](`fetch("privacy-probe").catch(() => {}), undefined`)); err != nil {
			t.Fatalf("probe fetch in the worker: %v", err)
		}
	}
	// The probe is the last request made: once it is seen, the events of
	// those before it have landed (if it never is, the check below fails).
	select {
	case <-probeSeen:
	case <-time.After(10 * time.Second):
	}
	t.Logf("upload, run and download took %v; the downloaded results name the marker class: %v",
		time.Since(start).Round(time.Millisecond), inReport)

	mu.Lock()
	defer mu.Unlock()
	byPhase := map[string]int{}
	probed := false
	for _, r := range seen {
		byPhase[r.phase]++
		short := r.url
		if len(short) > 100 {
			short = short[:100] + "…"
		}
		if r.phase == "probe" {
			probed = probed || (r.from == "worker" && strings.HasSuffix(r.url, "/privacy-probe"))
		}
		t.Logf("request [%s, %s] %s %s (body %d bytes)", r.phase, r.from, r.method, short, len(r.body))

		u, err := url.Parse(r.url)
		if err != nil {
			t.Errorf("unparsable request URL %q", r.url)
			continue
		}
		switch u.Scheme {
		case "data", "blob", "about":
			// Stays in the browser (a download is a blob: or data: URL).
		default:
			if u.Host != server.Host {
				t.Errorf("request to %s, not the lab's server %s: %s %s", u.Host, server.Host, r.method, r.url)
			}
			if strings.Contains(r.url, privacyMarker) || strings.Contains(r.body, privacyMarker) {
				t.Errorf("request carries the file's contents: %s %s", r.method, r.url)
			}
			if r.phase != "load" && r.phase != "probe" && r.method != "GET" {
				t.Errorf("%s request after the upload: %s", r.method, r.url)
			}
		}
	}
	t.Logf("%d requests seen: %v by phase; the worker's probe fetch seen: %v", len(seen), byPhase, probed)
	if !probed {
		t.Error("the probe fetch from the worker was not seen, so the worker's requests are not monitored")
	}
}
