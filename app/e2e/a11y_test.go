//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axePath is axe-core's browser build, pinned by app/e2e/package-lock.json
// and installed by `make e2e-deps` (which `make tools` runs), or $SSLAB_AXE.
func axePath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SSLAB_AXE"); p != "" {
		return p
	}
	p, err := filepath.Abs(filepath.Join("..", "..", ".tools", "npm", "e2e", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// axeViolation is one rule axe-core found broken, with where.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct {
		Target []any
		HTML   string
	}
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 3 {
			fmt.Fprintf(&b, "\n\t\t... and %d more", len(v.Nodes)-3)
			break
		}
		html := n.HTML
		if len(html) > 120 {
			html = html[:120] + "…"
		}
		fmt.Fprintf(&b, "\n\t\t%v %s", n.Target, html)
	}
	return b.String()
}

// checkAxe runs axe-core's default rules (WCAG 2 A and AA, and its best
// practices) over the page as it is and fails on any violation.
func checkAxe(t *testing.T, ctx context.Context, state string) {
	t.Helper()
	src, err := os.ReadFile(axePath(t))
	if err != nil {
		t.Fatalf("axe-core is not installed (%v): run `make e2e-deps`", err)
	}
	// DevTools evaluation is not subject to the page's CSP, so axe runs
	// in the page as served.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(src)+"\n;undefined")); err != nil {
		t.Fatalf("loading axe-core: %v", err)
	}
	type result struct {
		Version    string
		Violations []axeViolation
		Passes     int
	}
	r, err := chromedp.Run(ctx, chromedp.Evaluate[result](`axe.run(document, {resultTypes: ["violations"]}).then(r =>
		({Version: r.testEngine.version, Passes: r.passes.length,
		  Violations: r.violations.map(v => ({ID: v.id, Impact: v.impact, Help: v.help,
		    Nodes: v.nodes.map(n => ({Target: n.target, HTML: n.html}))}))}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	if r.Passes == 0 {
		t.Fatalf("%s: axe-core %s passed no rule: it did not look at the page", state, r.Version)
	}
	for _, v := range r.Violations {
		t.Errorf("%s: axe-core %s: %s", state, r.Version, v)
	}
	t.Logf("%s: axe-core %s, %d rules passed, %d violated", state, r.Version, r.Passes, len(r.Violations))
}

// TestAccessibility checks the page with axe-core in the three states a
// reader meets: idle, after a run (charts, tables, downloads), and
// embedded (?embed=1, no page chrome).
func TestAccessibility(t *testing.T) {
	base := serveLab(t, "/")
	ctx := newBrowser(t, 1280, 800)

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-quick")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	checkAxe(t, ctx, "idle")

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-quick&aepochs=30&autorun=1")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	if st := waitStatus(t, ctx, 120*time.Second, "done", "failed"); st != "done" {
		t.Fatalf("run ended %s: %s", st, failureText(t, ctx))
	}
	checkAxe(t, ctx, "after a run")

	// Embedded, as a course's notes show it: in a narrow frame, where the
	// formulas scroll, and with the ideas alone.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(640, 480)); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"embed=1", "embed=1&panels=ideas"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-quick&"+q)); err != nil {
			t.Fatal(err)
		}
		waitReady(t, ctx)
		checkAxe(t, ctx, "embedded ("+q+")")
	}
}
