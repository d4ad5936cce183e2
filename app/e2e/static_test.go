//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sslab/app/server"
	"sslab/ml/train"
)

// parentPage embeds two labs from another origin and records the messages
// they post: what a course author's notes page does.
const parentPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Course notes</title>
<style>body{font:15px system-ui;margin:16px;background:#fff} iframe{border:1px solid #ccc;display:block;margin:8px 0}</style>
</head><body>
<h1>Week 3: self-supervised pretraining</h1>
<p>Run the lab below; it reports its results to this page.</p>
<iframe id="lab1" src="%s" width="640" height="480" title="sslab"></iframe>
<iframe id="lab2" src="%s" width="640" height="300" title="sslab with a bad parameter"></iframe>
<script>
window.messages = [];
window.addEventListener("message", (e) => {
  if (!e.data || e.data.source !== "sslab") return;
  const frame = [...document.querySelectorAll("iframe")].find((f) => f.contentWindow === e.source);
  window.messages.push({frame: frame ? frame.id : "", origin: e.origin, data: e.data});
});
</script>
</body></html>`

// TestStaticSiteInIframes generates the static site for a sub-path, serves
// it with a plain file server, embeds it twice in a page of another origin,
// and checks the messages: ready, the result with exactly the command
// line's rows, and an error naming a bad URL parameter.
func TestStaticSiteInIframes(t *testing.T) {
	webDir, err := server.FindWebDir("")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := server.WriteStaticSite(filepath.Join(root, "notes", "sslab"), webDir, "/notes/sslab"); err != nil {
		t.Fatal(err)
	}
	site := serveDir(t, root) // origin A

	query := "preset=digits-quick&aepochs=30&fsseeds=2&seed=3"
	lab1 := site + "/notes/sslab/?" + query + "&embed=1&panels=pretrain,adapt&autorun=1"
	lab2 := site + "/notes/sslab/?preset=blobs-simclr&lr=abc&embed=1&panels=setup"
	parent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, parentPage, lab1, lab2)
	})) // origin B
	t.Cleanup(parent.Close)

	ctx := newBrowser(t, 1000, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(parent.URL)); err != nil {
		t.Fatal(err)
	}
	type message struct {
		Frame, Origin string
		Data          json.RawMessage
	}
	var got []message
	var result struct {
		Type   string      `json:"type"`
		Rows   []train.Row `json:"rows"`
		Config string      `json:"config"`
	}
	deadline := time.Now().Add(120 * time.Second)
	for time.Now().Before(deadline) && result.Type == "" {
		time.Sleep(500 * time.Millisecond)
		got, err = chromedp.Run(ctx, chromedp.Evaluate[[]message](`window.messages`))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range got {
			var head struct{ Type string }
			json.Unmarshal(m.Data, &head)
			if m.Frame == "lab1" && head.Type == "result" {
				if err := json.Unmarshal(m.Data, &result); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	screenshot(t, ctx, "static-iframes")
	if result.Type == "" {
		t.Fatalf("no result message within the time limit; messages: %d", len(got))
	}

	seen := map[string]bool{}
	for _, m := range got {
		var head struct {
			Type, Param, Message string
		}
		json.Unmarshal(m.Data, &head)
		seen[m.Frame+" "+head.Type] = true
		if m.Origin != site {
			t.Errorf("message from origin %q, want %q", m.Origin, site)
		}
		if m.Frame == "lab2" && head.Type == "error" {
			if head.Param != "lr" {
				t.Errorf("error about %q, want lr: %s", head.Param, head.Message)
			} else {
				seen["lab2 lr error"] = true
			}
		}
	}
	for _, want := range []string{"lab1 ready", "lab1 progress", "lab1 result", "lab2 ready", "lab2 lr error"} {
		if !seen[want] {
			t.Errorf("no %s message", want)
		}
	}
	if seen["lab2 result"] || seen["lab2 progress"] {
		t.Error("the lab without autorun ran")
	}

	want := cliRows(t, query)
	if !reflect.DeepEqual(result.Rows, want) {
		t.Errorf("result rows differ from the command line's:\n got %+v\nwant %+v", result.Rows, want)
	}
	if decode(t, result.Config).Seed != 3 {
		t.Errorf("result config %q lost the seed", result.Config)
	}
}
