//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sslab/ml/train"
)

// notesScript records, on a notes page, every sslab message with the
// frame it came from and when.
const notesScript = `<script>
window.messages = [];
addEventListener("message", (e) => {
  if (!e.data || (e.data.source !== "sslab" && e.data.source !== "intruder")) return;
  const f = [...document.querySelectorAll("iframe")].find((f) => f.contentWindow === e.source);
  window.messages.push({frame: f ? f.id : "", origin: e.origin, data: e.data, at: performance.now()});
});
window.sendTo = (frame, msg) => document.getElementById(frame).contentWindow.postMessage(msg, "*");
</script>`

// intruderPage is a page in a sibling frame that, asked by its parent,
// sends a command to the lab frame named lab1: a window that is not the
// lab's parent, whose commands the lab must ignore.
const intruderPage = `<!doctype html><title>intruder</title><script>
addEventListener("message", (e) => {
  if (e.data !== "go") return;
  parent.frames["lab1"].postMessage({target: "sslab", type: "start", id: "intruder"}, "*");
  parent.frames["lab1"].postMessage({target: "sslab", type: "set", id: "intruder-set", query: "seed=99"}, "*");
  parent.postMessage({source: "intruder", sent: true}, "*");
});
</script>`

// serveNotes serves a course's notes page (and /intruder) on an origin of
// its own, cross-origin isolated so that its frames may be too.
func serveNotes(t *testing.T, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
		w.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
		if r.URL.Path == "/intruder" {
			fmt.Fprint(w, intruderPage)
			return
		}
		fmt.Fprint(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Week 3 notes</title>`+
			`<meta name="viewport" content="width=device-width, initial-scale=1">`+
			`<style>body{font:16px/1.5 Georgia,serif;margin:0;background:#fff}main{max-width:720px;margin:0 auto;padding:12px}`+
			`h1{font-size:1.5rem}</style>`+notesScript+`</head><body><main>`+body+`</main></body></html>`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// sslabMessage is a recorded message of a notes page.
type sslabMessage struct {
	Frame, Origin string
	Data          json.RawMessage
	At            float64
}

// messages returns what the notes page recorded.
func messages(t *testing.T, ctx context.Context) []sslabMessage {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]sslabMessage](`window.messages`))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// waitMessage waits until the notes page has a message from frame for
// which match (given its decoded fields) is true, and returns it.
func waitMessage(t *testing.T, ctx context.Context, timeout time.Duration, frame string, match func(map[string]any) bool) map[string]any {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		for _, m := range messages(t, ctx) {
			var d map[string]any
			if json.Unmarshal(m.Data, &d) == nil && m.Frame == frame && match(d) {
				return d
			}
		}
		if time.Now().After(deadline) {
			var all []string
			for _, m := range messages(t, ctx) {
				all = append(all, m.Frame+" "+string(m.Data))
			}
			t.Fatalf("no matching message from %s within %v; messages:\n%s", frame, timeout, strings.Join(all, "\n"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func isType(kind string) func(map[string]any) bool {
	return func(d map[string]any) bool { return d["type"] == kind }
}

// TestPanelsByClicks follows the sequence with real mouse clicks:
// unchecking adapt, then ideas, leaves setup and pretrain, adapt staying
// out.
func TestPanelsByClicks(t *testing.T) {
	base := serveLab(t, "/")
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-byol&shots=5")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	panels := func() string {
		s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`new URLSearchParams(location.search).get("panels") || ""`))
		return s
	}
	for _, step := range []struct{ box, want string }{
		{"f-panels-adapt", "setup,pretrain,ideas"},
		{"f-panels-ideas", "setup,pretrain"},
	} {
		clickID(t, ctx, step.box)
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`new URLSearchParams(location.search).get("panels") === `+jsString(step.want),
			chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("after clicking %s the URL has panels=%q, want %q", step.box, panels(), step.want)
		}
	}
	shown, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.getElementById("adapt")`))
	if shown || panels() != "setup,pretrain" {
		t.Errorf("adapt came back: panels=%q, adapt panel shown %v", panels(), shown)
	}

	// The page's panels of this issue pass axe-core too: the embed builder
	// and the glossary, open. The builder's preview frame resizes itself
	// as its lab boots, at any time from here on, moving the run bar and
	// the glossary's button under it: clickID sees the click reach it.
	// The builder opens in a slot that is always there, so the run bar
	// after it is the same element, not a rebuilt one.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.e2eRunBar = document.getElementById("btn-glossary")`)); err != nil {
		t.Fatal(err)
	}
	clickID(t, ctx, "btn-builder")
	waitShown(t, ctx, "embed-builder", `!!document.getElementById("embed-builder")`)
	if same, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.e2eRunBar === document.getElementById("btn-glossary")`)); !same {
		t.Error("opening the embed builder rebuilt the run bar after it")
	}
	checkAxe(t, ctx, "embed builder open")
	clickID(t, ctx, "btn-glossary")
	waitShown(t, ctx, "glossary", `document.getElementById("glossary").matches(":popover-open")`)
	checkAxe(t, ctx, "glossary open")
	screenshot(t, ctx, "authors-glossary")
}

// waitShown waits, for at most 30 s, until cond (JavaScript) holds and the
// element with the given id is displayed, what a click opened: not until
// the browser's deadline, so that a click that opened nothing fails here,
// saying so.
func waitShown(t *testing.T, ctx context.Context, id, cond string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const el = document.getElementById(`+jsString(id)+`);
		return (`+cond+`) && !!el && el.getClientRects().length > 0; })()`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("#%s did not open: %v", id, err)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBuilderEmbed makes, with the embed builder, the embed (BYOL,
// 5 labels per class, only the pretraining panel), puts its snippet in a
// notes page of another origin with the frame-sizing script, and checks
// that the frame reports its height (and embed.js applies it), ignores a
// command from a window that is not its parent, takes the parent's start
// and posts a result equal to the command line's rows. Screenshots: the
// builder, and the notes page with two embeds at 720 px and at 640×480.
func TestBuilderEmbed(t *testing.T) {
	base := serveLab(t, "/")
	ctx := newBrowserFor(t, 1280, 900, 420*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-byol&shots=5")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	clickID(t, ctx, "btn-builder")
	waitShown(t, ctx, "embed-builder", `!!document.getElementById("embed-builder")`)
	for _, id := range []string{"eb-panel-adapt", "eb-panel-ideas"} {
		clickID(t, ctx, id)
	}
	snippetJS := `document.getElementById("embed-code").value`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](snippetJS+`.includes("panels=pretrain&amp;")`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](snippetJS))
		t.Fatalf("the snippet does not show only the pretraining panel: %s", s)
	}
	snippet, _ := chromedp.Run(ctx, chromedp.Evaluate[string](snippetJS))
	// The preview loads the same frame: wait for it before the screenshot.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const f = document.getElementById("embed-preview");
		return !!f && f.getBoundingClientRect().height > 300; })()`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Errorf("the preview frame did not size itself to its content: %v", err)
	}
	elementScreenshot(t, ctx, "embed-builder", "authors-builder")
	for _, want := range []string{`title="sslab: BYOL on digits (8×8 images), 5 labels per class"`, `width="100%"`, `loading="lazy"`,
		`allow="cross-origin-isolated"`, `/web/embed.js" async></script>`} {
		if !strings.Contains(snippet, want) {
			t.Errorf("snippet lacks %s:\n%s", want, snippet)
		}
	}
	src := regexp.MustCompile(`src="([^"]+)"`).FindStringSubmatch(snippet)
	if src == nil {
		t.Fatalf("no src in %s", snippet)
	}
	frameURL := html.UnescapeString(src[1])
	if !strings.Contains(frameURL, "embed=1") || !strings.Contains(frameURL, "preset=digits-byol") || !strings.Contains(frameURL, "shots=5") {
		t.Fatalf("the frame's URL lost the settings: %s", frameURL)
	}

	// The notes: the builder's embed, a second one of the same lab's
	// adaptation panel, and a sibling frame that is not the lab's parent.
	withID := strings.Replace(snippet, "<iframe ", `<iframe id="lab1" name="lab1" `, 1)
	second := strings.NewReplacer(`<iframe `, `<iframe id="lab2" `, "panels=pretrain", "panels=adapt", "\n<script", "\n<!--", "</script>", "-->").Replace(snippet)
	notes := serveNotes(t, `<h1>Week 3: what pretraining buys</h1>
<p>BYOL learns without negatives. Press the button and watch the loss and the monitors in the lab below.</p>
<p><button id="go" onclick="sendTo('lab1', {target: 'sslab', type: 'start', id: 's1'})">Train the lab</button></p>
`+withID+`
<p>Then compare the approaches when labels are scarce:</p>
`+second+`
<iframe id="intruder" src="/intruder" title="another widget" width="300" height="40" style="border:0"></iframe>`)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(760, 900), chromedp.Navigate(notes)); err != nil {
		t.Fatal(err)
	}
	resize := waitMessage(t, ctx, 60*time.Second, "lab1", isType("resize"))
	if h, _ := resize["height"].(float64); h < 200 {
		t.Errorf("resize height %v", resize["height"])
	}
	// ready: the lab's worker answers, so commands work.
	waitMessage(t, ctx, 60*time.Second, "lab1", isType("ready"))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const m = window.messages.filter((m) => m.frame === "lab1" && m.data.type === "resize").pop();
		return !!m && document.getElementById("lab1").style.height === Math.ceil(m.data.height) + "px"; })()`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("embed.js did not size the frame to the height it reported: %v", err)
	}

	// The intruder's commands first, then the parent's start: the lab
	// answers in order, so when the parent's ack is in, an answer to the
	// intruder would be too.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("intruder").contentWindow.postMessage("go", "*")`)); err != nil {
		t.Fatal(err)
	}
	waitMessage(t, ctx, 10*time.Second, "intruder", func(map[string]any) bool { return true })
	screenshot(t, ctx, "authors-notes-720")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("go"))); err != nil {
		t.Fatal(err)
	}
	ack := waitMessage(t, ctx, 30*time.Second, "lab1", func(d map[string]any) bool { return d["id"] == "s1" })
	if ack["type"] != "ack" || ack["of"] != "start" {
		t.Errorf("the parent's start was answered %v (the intruder's start ran?)", ack)
	}
	for _, m := range messages(t, ctx) {
		if m.Frame != "intruder" && strings.Contains(string(m.Data), `"intruder`) {
			t.Errorf("the lab answered a window that is not its parent: %s", m.Data)
		}
	}
	waitMessage(t, ctx, 20*time.Second, "lab1", isType("progress"))
	fullScreenshot(t, ctx, "authors-notes-720-training")
	result := waitMessage(t, ctx, 300*time.Second, "lab1", isType("result"))
	b, _ := json.Marshal(result["rows"])
	var rows []train.Row
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	if want := cliRows(t, "preset=digits-byol&shots=5"); !reflect.DeepEqual(rows, want) {
		t.Errorf("the frame's rows differ from the command line's:\n got %d rows %+v\nwant %d rows %+v", len(rows), rows, len(want), want)
	}
	if cfg := decode(t, result["config"].(string)); cfg.Seed != 1 || cfg.Shots != 5 {
		t.Errorf("result config %q", result["config"])
	}
	recordProgress(t, messages(t, ctx), "lab1", "browser-digits-byol-shots5")
	for _, m := range messages(t, ctx) {
		var head struct {
			Source  string
			Version int
		}
		json.Unmarshal(m.Data, &head)
		if m.Frame != "intruder" && (head.Source != "sslab" || head.Version != 1 || m.Origin+"/" != base) {
			t.Errorf("message %s from %s", m.Data, m.Origin)
		}
	}
	fullScreenshot(t, ctx, "authors-notes-720-done")
	resizes := `window.messages.filter((m) => m.frame === "lab1" && m.data.type === "resize")`
	before, err := chromedp.Run(ctx, chromedp.Evaluate[int](resizes+`.length`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(640, 480)); err != nil {
		t.Fatal(err)
	}
	// The narrower frame reports its new height and embed.js applies it;
	// the screenshots are of the page after that (a frame whose height
	// did not change reports nothing, so this only bounds the wait).
	chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const all = `+resizes+`, m = all[all.length - 1];
		return all.length > `+strconv.Itoa(before)+` && document.getElementById("lab1").style.height === Math.ceil(m.data.height) + "px"; })()`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err := nextFrames(ctx); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "authors-notes-640x480")
	fullScreenshot(t, ctx, "authors-notes-640x480-full")
}

// recordProgress writes the progress messages of a frame's run to
// app/session/testdata/eta/NAME.txt when SSLAB_RECORD_ETA is set, for the
// time-left estimator's test (TestETAOnRecordedRuns): phase, done, total
// and the seconds since the run's first message, as the page received them.
func recordProgress(t *testing.T, msgs []sslabMessage, frame, name string) {
	t.Helper()
	if os.Getenv("SSLAB_RECORD_ETA") == "" {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Chromium, %s (e2e TestBuilderEmbed, 2 workers): phase done total seconds\n", name)
	start := -1.0
	for _, m := range msgs {
		var p struct {
			Type, Phase string
			Step, Total int
		}
		if m.Frame != frame || json.Unmarshal(m.Data, &p) != nil || p.Type != "progress" || p.Total == 0 {
			continue
		}
		if start < 0 {
			start = m.At
		}
		fmt.Fprintf(&b, "%s %d %d %.3f\n", p.Phase, p.Step, p.Total, (m.At-start)/1000)
	}
	path := filepath.Join("..", "session", "testdata", "eta", name+".txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Error(err)
	}
}

// TestEmbedPageExample opens the site's embedding page and uses its
// working example: its button starts the embedded lab, and the notes print
// the probe accuracy of the result.
func TestEmbedPageExample(t *testing.T) {
	base := serveLab(t, "/sub")
	ctx := newBrowserFor(t, 900, 1000, 300*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"embed/")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.ID("demo-lab"))); err != nil { // the frame loads lazily
		t.Fatal(err)
	}
	// The button is enabled by the lab's ready message.
	if err := chromedp.Do(ctx, chromedp.WaitEnabled(chromedp.ID("demo-start")), chromedp.Click(chromedp.ID("demo-start"))); err != nil {
		t.Fatal(err)
	}
	out, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const s = document.getElementById("demo-out").textContent;
		return s.startsWith("Probe accuracy") ? s : false; })()`, chromedp.WithPollingTimeout(240*time.Second)))
	if err != nil {
		now, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("demo-out").textContent`))
		t.Fatalf("the example printed no probe accuracy: %q", now)
	}
	if !regexp.MustCompile(`^Probe accuracy with \d+ labels: 0\.\d{3}$`).MatchString(out) {
		t.Errorf("the example printed %q", out)
	}
	screenshot(t, ctx, "authors-embed-page")
	fullScreenshot(t, ctx, "authors-embed-page-full")
}
