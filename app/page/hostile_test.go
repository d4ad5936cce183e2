//go:build !wasm

package page

import (
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/page/view"
	"sslab/app/session"
)

// hostile are values an attacker could put in a link to the lab.
var hostile = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
}

// TestHostileURLRendersAsText checks that markup in any URL parameter, known
// or not, reaches the page only as escaped text.
func TestHostileURLRendersAsText(t *testing.T) {
	base := pageHTML(t, mount(t, &Lab{}))
	baseImgs := strings.Count(base, "<img")
	for _, v := range hostile {
		for _, key := range []string{"lr", "objective", "ckpt", "panels", "preset", "x<y>"} {
			q := url.QueryEscape(key) + "=" + url.QueryEscape(v)
			h := pageHTML(t, mount(t, &Lab{Query: q}))
			if strings.Contains(h, "<script>alert") || strings.Count(h, "<img") != baseImgs {
				t.Errorf("%s: markup from the URL reached the page unescaped", q)
			}
			// The value is listed as text: quoted (%q) and HTML-escaped.
			if want := html.EscapeString(strconv.Quote(v)); !strings.Contains(h, want) {
				t.Errorf("%s: the page does not show %s", q, want)
			}
		}
	}
}

// TestHostileFileNameRendersAsText checks that a file name or a cell with
// markup, echoed in the data messages, is shown as text.
func TestHostileFileNameRendersAsText(t *testing.T) {
	lab := &Lab{Trainer: NewLocalTrainer(nil)}
	e := renderLab(t, lab)
	t.Cleanup(lab.OnDismount)
	for _, text := range []string{goodCSVText(20), "x,label\n1,a\n<img src=x onerror=alert(1)>,b\n"} {
		lab.loadData(view.DataFile{Name: `<img src=x onerror=alert(1)>.csv`, Text: text})
		deadline := time.Now().Add(5 * time.Second)
		for lab.dataLoading != "" && time.Now().Before(deadline) {
			e.ConsumeAll()
			time.Sleep(5 * time.Millisecond)
		}
		h := pageHTML(t, lab)
		if strings.Contains(h, "<img src=x") || !strings.Contains(h, "&lt;img src=x onerror=alert(1)&gt;") {
			t.Errorf("file name or cell not escaped: %s", h[strings.Index(h, `id="data-upload"`):][:600])
		}
	}
	// The same for an error message from the worker.
	lab.receive(app.Context{}, []session.Message{{Type: session.MsgError, Message: `<script>alert(1)</script>`}})
	if h := pageHTML(t, lab); strings.Contains(h, "<script>alert") {
		t.Error("a worker's error message reached the page unescaped")
	}
}
