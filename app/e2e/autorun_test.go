//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestAutorunOverBudget opens a link that asks for a run far over what a
// link may start on its own (10,000 steps, some 390 GFLOP): nothing runs,
// the page shows the estimate and waits; a click on Start runs it.
func TestAutorunOverBudget(t *testing.T) {
	base := serveLab(t, "/")
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-simclr&epochs=1000&autorun=1")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.getElementById("cost-confirm")`,
		chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		t.Fatalf("the page never showed the run's estimate: %v", err)
	}
	notice := selectorText(t, ctx, "#cost-confirm")
	if !strings.Contains(notice, "10000") && !strings.Contains(notice, "10,000") {
		t.Errorf("the estimate %q does not give the run's 10,000 steps", notice)
	}
	if st := waitStatus(t, ctx, time.Second, "idle"); st != "idle" {
		t.Fatalf("status %s while the estimate waits for a click", st)
	}
	screenshot(t, ctx, "autorun-over-budget")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("btn-start"))); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, ctx, 60*time.Second, "pretraining")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("btn-reset"))); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, ctx, 30*time.Second, "idle")
}
