//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"sslab/app/server"
)

// The markers of the reader's file that must never leave the frame.
const (
	leakName   = "secret-patients-42.csv"
	leakClassA = "zebra-class-77"
	leakClassB = "okapi-class-88"
	leakCell   = "31.4159"
)

// leakCSV is a small two-class file whose name, cells and class names are
// markers.
func leakCSV(rows int) string {
	var b strings.Builder
	b.WriteString("x1,x2,label\n")
	for i := range rows {
		c := i % 2
		x := fmt.Sprintf("%g", float64(c)*3+float64(i%5)*0.1)
		if i == 3 {
			x = leakCell
		}
		fmt.Fprintf(&b, "%s,%g,%s\n", x, float64(i%7)*0.2-float64(c), []string{leakClassA, leakClassB}[c])
	}
	return b.String()
}

// inFrame returns a query option for the element queries of the lab in
// the notes page's frame with the given id.
func inFrame(t *testing.T, ctx context.Context, id string) chromedp.QueryOption {
	t.Helper()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.ID(id)))
	if err != nil || len(nodes) == 0 {
		t.Fatalf("frame %s: %v", id, err)
	}
	return chromedp.FromNode(nodes[0])
}

// TestFrameLeaksNoUserData trains on a CSV file in a frame embedded by a
// page of another origin and makes the frame post every type of message
// to it (ready, resize, progress, result, notice, errors about a URL
// parameter, a refused file and a run that fails on the file, acks of the
// parent's commands), then checks that none of them holds the file's name,
// a cell or a class name: what leaves the frame has a fixed shape.
func TestFrameLeaksNoUserData(t *testing.T) {
	dir := t.TempDir()
	good, broken := filepath.Join(dir, leakName), filepath.Join(dir, "broken-"+leakName)
	if err := os.WriteFile(good, []byte(leakCSV(48)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte("x1,x2,label\n1,"+leakClassA+","+leakClassB+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := serveLab(t, "/")
	query := "preset=digits-quick&epochs=2&aepochs=3&fsseeds=1&workers=2&lr=abc&embed=1&panels=setup,pretrain,adapt"
	// Not isolated: the frame trains in one worker and posts a notice.
	notes := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>notes</title>`+notesScript+
			`</head><body><iframe id="lab1" src="`+base+"?"+query+`" width="900" height="800" title="sslab"></iframe></body></html>`)
	}))
	t.Cleanup(notes.Close)
	ctx := newBrowserFor(t, 1000, 900, 300*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(notes.URL)); err != nil {
		t.Fatal(err)
	}
	waitMessage(t, ctx, 60*time.Second, "lab1", isType("ready"))
	frame := inFrame(t, ctx, "lab1")
	upload := func(path, shows string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("data-file"), []string{path}, frame)); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			txt, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.ID("data-upload"), frame))
			if strings.Contains(txt, shows) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the frame never showed %q: %s", shows, txt)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	upload(good, leakName+": 48 rows")
	upload(broken, "broken-"+leakName)
	send := func(msg string) map[string]any {
		t.Helper()
		id := fmt.Sprintf("c%d", time.Now().UnixNano())
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`sendTo("lab1", Object.assign(`+msg+`, {target: "sslab", id: "`+id+`"}))`)); err != nil {
			t.Fatal(err)
		}
		return waitMessage(t, ctx, 30*time.Second, "lab1", func(d map[string]any) bool { return d["id"] == id })
	}
	if ack := send(`{type: "start"}`); ack["type"] != "ack" {
		t.Fatalf("start: %v", ack)
	}
	waitMessage(t, ctx, 60*time.Second, "lab1", isType("progress"))
	send(`{type: "pause"}`)
	send(`{type: "resume"}`)
	waitMessage(t, ctx, 120*time.Second, "lab1", isType("result"))
	// A run the worker refuses with a message naming the file: regression
	// on class names.
	if ack := send(`{type: "set", query: "preset=digits-quick&data=csv&std=1&task=regression&shots=-1&epochs=2&aepochs=3&fsseeds=1&batch=32"}`); ack["type"] != "ack" {
		t.Fatalf("set: %v", ack)
	}
	send(`{type: "start"}`)
	waitMessage(t, ctx, 60*time.Second, "lab1", func(d map[string]any) bool { return d["type"] == "error" && d["id"] == nil && d["param"] == nil })
	if f, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.ID("run-failure"), frame)); !strings.Contains(f, leakName) {
		t.Errorf("the run on the file did not fail naming it on the page (so the test shows nothing): %q", f)
	}

	seen := map[string]bool{}
	for _, m := range messages(t, ctx) {
		var head struct{ Type, Code string }
		text := string(m.Data)
		if err := json.Unmarshal(m.Data, &head); err != nil {
			t.Fatal(err)
		}
		seen[head.Type] = true
		if head.Type == "error" {
			seen["error "+head.Code] = true
		}
		for _, secret := range []string{"secret-patients", leakClassA, leakClassB, leakCell} {
			if strings.Contains(text, secret) {
				t.Errorf("the frame posted %q, which holds %q", text, secret)
			}
		}
	}
	for _, want := range []string{"ready", "resize", "progress", "result", "notice", "ack", "error bad-param", "error bad-file", "error"} {
		if !seen[want] {
			t.Errorf("no %s message was posted (seen %v)", want, seen)
		}
	}
	fullScreenshot(t, ctx, "authors-frame-csv")
}

// TestLargeCheckpointRefused picks a 300 MB checkpoint file: the page
// refuses it by its size, without reading it, and the tab's memory does
// not grow by more than 50 MB.
func TestLargeCheckpointRefused(t *testing.T) {
	big := filepath.Join(t.TempDir(), "huge-encoder.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(300 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	base := serveLab(t, "/")
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-quick")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	// The heap with what the page holds and its garbage: a file read and
	// dropped would still count.
	heap := func(collect bool) float64 {
		t.Helper()
		if collect {
			chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{})
		}
		u, err := chromedp.Call(ctx, runtime.GetHeapUsage, cdp.Empty{})
		if err != nil {
			t.Fatal(err)
		}
		return u.UsedSize + u.EmbedderHeapUsedSize + u.BackingStorageSize
	}
	before := heap(true)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("load-encoder"), []string{big})); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector(".run-bar").textContent.includes("The file huge-encoder.json was not read: it has 314,572,800 bytes")`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		txt, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".run-bar").textContent`))
		t.Fatalf("no refusal of the checkpoint by its size: %s", txt)
	}
	if st, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".lab").dataset.status`)); st != "idle" {
		t.Errorf("status %s after a refused checkpoint", st)
	}
	if grew := (heap(false) - before) / (1 << 20); grew > 50 {
		t.Errorf("the tab's heap grew by %.0f MB", grew)
	}
}

// TestWorkerUnavailable serves a worker.wasm that answers 500: Start is
// disabled, and the page says why.
func TestWorkerUnavailable(t *testing.T) {
	dir, err := server.FindWebDir("")
	if err != nil {
		t.Fatal(err)
	}
	lab := server.New(dir, "/")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/worker.wasm") {
			http.Error(w, "injected failure", http.StatusInternalServerError)
			return
		}
		lab.ServeHTTP(w, r)
	}))
	defer srv.Close()
	ctx := newBrowser(t, 1000, 800)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?preset=digits-quick")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.getElementById("worker-down")`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatal("the page never said the worker failed")
	}
	type state struct {
		Disabled  bool
		Described string
		Reason    string
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[state](`({Disabled: document.getElementById("btn-start").disabled,
		Described: document.getElementById("btn-start").getAttribute("aria-describedby") || "",
		Reason: document.getElementById("worker-down").textContent})`))
	if err != nil {
		t.Fatal(err)
	}
	if !s.Disabled || s.Described != "start-blocked" || !strings.Contains(s.Reason, "could not start") {
		t.Errorf("worker.wasm answering 500: %+v", s)
	}
	screenshot(t, ctx, "authors-worker-unavailable")
}
