//go:build e2e

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// phone emulates a 390×844 phone: touch, a mobile viewport.
func phone(ctx context.Context) error {
	return chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
}

// phoneLayout is what TestPhoneLayout measures of the page.
type phoneLayout struct {
	ScrollWidth                int     // the page's width: nothing wider than the phone
	SetupVisible               bool    // the set-up column shows (the drawer is open)
	SetupLeft                  float64 // its left edge
	RunBarBottom, FirstCardTop float64
	StartHeight, ShareHeight   float64
	ShareWraps                 bool // the Share button's text takes more than one line
	ProgressCut                bool // the status line is cut (ellipsis or overflow)
	ProgressText               string
}

const measurePhone = `(() => {
	const r = (el) => el.getBoundingClientRect();
	const setup = document.getElementById("setup"), share = document.getElementById("btn-share");
	const progress = document.getElementById("progress-text");
	const range = document.createRange(); range.selectNodeContents(share);
	return {
		ScrollWidth: document.documentElement.scrollWidth,
		SetupVisible: !!setup && getComputedStyle(setup).visibility === "visible" && r(setup).right > 0,
		SetupLeft: setup ? r(setup).left : 0,
		RunBarBottom: r(document.querySelector(".run-bar")).bottom + scrollY,
		FirstCardTop: r(document.querySelector(".views .card")).top + scrollY,
		StartHeight: r(document.getElementById("btn-start")).height,
		ShareHeight: r(share).height,
		ShareWraps: range.getClientRects().length > 1,
		ProgressCut: progress.scrollWidth > progress.clientWidth + 1 || progress.scrollHeight > progress.clientHeight + 1,
		ProgressText: progress.textContent,
	};
})()`

// chartTextJS lists the chart texts (SVG <text>) that render under 11
// CSS pixels: font size times the chart's scale on the screen.
const chartTextJS = `(() => {
	const small = [];
	let n = 0;
	for (const t of document.querySelectorAll(".chart-body svg text")) {
		const m = t.getScreenCTM();
		if (!m || !t.textContent.trim()) continue;
		n++;
		const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
		if (px < 10.99) small.push(t.closest("figure").id + ": " + JSON.stringify(t.textContent) + " at " + px.toFixed(2) + " px");
	}
	return {Count: n, Small: small};
})()`

type chartText struct {
	Count int
	Small []string
}

// TestPhoneLayout loads the lab on a 390×844 phone: the set-up column is a
// drawer and the charts come right after the run bar, which stays at the
// top; Share does not wrap and the status line is not cut, before, during
// and after a run; no chart text renders under 11 px; a results table that
// is wider than the phone scrolls with a sign that it does. Screenshots:
// before, with the drawer, during and after the run.
func TestPhoneLayout(t *testing.T) {
	base := serveLab(t, "/")
	ctx := newBrowserFor(t, 390, 844, 300*time.Second)
	if err := phone(ctx); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-quick&aepochs=30")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	measure := func(when string) phoneLayout {
		t.Helper()
		l, err := chromedp.Run(ctx, chromedp.Evaluate[phoneLayout](measurePhone))
		if err != nil {
			t.Fatal(err)
		}
		if l.ScrollWidth > 390 {
			t.Errorf("%s: the page is %d px wide on a 390 px phone", when, l.ScrollWidth)
		}
		if l.SetupVisible {
			t.Errorf("%s: the set-up column shows, not as a closed drawer", when)
		}
		if l.ShareWraps || l.ShareHeight > l.StartHeight+1 {
			t.Errorf("%s: Share wraps (%.0f px tall, Start %.0f)", when, l.ShareHeight, l.StartHeight)
		}
		if l.ProgressCut {
			t.Errorf("%s: the status line is cut: %q", when, l.ProgressText)
		}
		return l
	}
	before := measure("before the run")
	if gap := before.FirstCardTop - before.RunBarBottom; gap > 120 {
		t.Errorf("the first chart is %.0f px below the run bar, after the set-up column?", gap)
	}
	evalRetry(t, ctx, 30*time.Second, `!!document.querySelector("#preview svg")`, "the views preview")
	screenshot(t, ctx, "authors-phone-before")

	// The drawer opens from the run bar and closes again.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("btn-setup"))); err != nil {
		t.Fatal(err)
	}
	evalRetry(t, ctx, 5*time.Second, `(() => { const r = document.getElementById("setup").getBoundingClientRect();
		return getComputedStyle(document.getElementById("setup")).visibility === "visible" && r.left >= 0 && r.width > 300; })()`,
		"the set-up drawer open")
	// Its slide-in transition over (a running CSS transition is one of
	// the element's animations).
	evalRetry(t, ctx, 5*time.Second, `document.getElementById("setup").getAnimations().length === 0`, "the drawer's transition over")
	screenshot(t, ctx, "authors-phone-drawer")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("btn-setup-close"))); err != nil {
		t.Fatal(err)
	}
	evalRetry(t, ctx, 5*time.Second, `getComputedStyle(document.getElementById("setup")).visibility === "hidden"`, "the drawer closed")

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("btn-start"))); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, ctx, 60*time.Second, "pretraining")
	evalRetry(t, ctx, 60*time.Second, `!!document.querySelector("#loss svg") && !!document.querySelector("#embedding svg")`, "the first charts")
	during := measure("during the run")
	// The time left, or "almost done" for a run this short once its first
	// charts are drawn (the warm-up has compiled the hot code by then).
	if !strings.Contains(during.ProgressText, "left") && !strings.Contains(during.ProgressText, "estimating") && !strings.Contains(during.ProgressText, "almost done") && !strings.Contains(during.ProgressText, "Adapting") {
		t.Errorf("the status line during the run: %q", during.ProgressText)
	}
	// Scrolled down, the run bar stays at the top.
	top, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`scrollTo(0, 1500), document.querySelector(".run-bar").getBoundingClientRect().top`))
	if err != nil || top < -1 || top > 1 {
		t.Errorf("scrolled down, the run bar is at %.0f px from the top (%v), want 0", top, err)
	}
	screenshot(t, ctx, "authors-phone-during")
	chromedp.Run(ctx, chromedp.Evaluate[float64](`scrollTo(0, 0), 0`))
	if st := waitStatus(t, ctx, 180*time.Second, "done", "failed"); st != "done" {
		t.Fatalf("the run ended %s: %s", st, failureText(t, ctx))
	}
	evalRetry(t, ctx, 30*time.Second, `!!document.querySelector("#efficiency svg") && !!document.querySelector("#confusion svg")`, "the results' charts")
	measure("after the run")
	screenshot(t, ctx, "authors-phone-after")

	// Every chart laid out (cards off screen are not), then measured.
	h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, h, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	if err := nextFrames(ctx); err != nil {
		t.Fatal(err)
	}
	fullScreenshot(t, ctx, "authors-phone-after-full")
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[chartText](chartTextJS))
	if err != nil {
		t.Fatal(err)
	}
	if texts.Count < 50 || len(texts.Small) > 0 {
		t.Errorf("%d chart texts, %d under 11 px: %s", texts.Count, len(texts.Small), strings.Join(texts.Small[:min(len(texts.Small), 12)], "; "))
	}
	// A table wider than the phone scrolls, and shows it can.
	type table struct {
		Overflows, Sign bool
		ID              string
	}
	tables, err := chromedp.Run(ctx, chromedp.Evaluate[[]table](`[...document.querySelectorAll(".results")].map((el) => ({
		ID: (el.querySelector("table") || {}).id || "", Overflows: el.scrollWidth > el.clientWidth + 1,
		Sign: getComputedStyle(el).backgroundImage.includes("gradient") && getComputedStyle(el).overflowX === "auto"}))`))
	if err != nil || len(tables) == 0 {
		t.Fatalf("no results tables (%v)", err)
	}
	for _, tb := range tables {
		if tb.Overflows && !tb.Sign {
			t.Errorf("table %s is wider than the phone with no sign that it scrolls", tb.ID)
		}
	}

}
