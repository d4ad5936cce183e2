//go:build e2e

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestLook takes the screenshots to judge the page by: the full page at
// 1280×800 before and after a run, and the embedded layout at 640×480.
func TestLook(t *testing.T) {
	base := serveLab(t, "/")
	t.Run("desktop", func(t *testing.T) {
		ctx := newBrowser(t, 1280, 800)
		start := time.Now()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-quick&aepochs=30")); err != nil {
			t.Fatal(err)
		}
		waitReady(t, ctx)
		t.Logf("first render (mounted) after %v", time.Since(start))
		waitSelector(t, ctx, 30*time.Second, "#preview svg") // the worker draws the views preview
		screenshot(t, ctx, "look-desktop-idle")
		// The set-up column scrolls within the viewport; a tall one shows it all.
		chromedp.Do(ctx, chromedp.EmulateViewport(1280, 2600))
		elementScreenshot(t, ctx, "setup", "look-desktop-setup")
		chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800))
		// Keyboard only: Tab to Start and press Enter.
		focused := ""
		for range 12 {
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
				t.Fatal(err)
			}
			focused, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
			if focused == "btn-start" {
				break
			}
		}
		if focused != "btn-start" {
			t.Fatalf("Tab never reached the Start button (last focus %q)", focused)
		}
		outline, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement).outlineStyle`))
		if outline == "none" || outline == "" {
			t.Errorf("the focused Start button shows no outline (%q)", outline)
		}
		screenshot(t, ctx, "look-desktop-focus")
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		waitStatus(t, ctx, 60*time.Second, "pretraining")
		waitSelector(t, ctx, 60*time.Second, "#embedding svg") // the first snapshot, mid-run
		screenshot(t, ctx, "look-desktop-training")
		waitStatus(t, ctx, 120*time.Second, "done", "failed")
		if err := nextFrames(ctx); err != nil {
			t.Fatal(err)
		}
		screenshot(t, ctx, "look-desktop-done")
		fullScreenshot(t, ctx, "look-desktop-done-full")
		for _, id := range []string{"pretrain", "adapt"} {
			elementScreenshot(t, ctx, id, "look-desktop-"+id)
		}
	})
	t.Run("embed", func(t *testing.T) {
		ctx := newBrowser(t, 640, 480)
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-quick&aepochs=30&embed=1&panels=pretrain,ideas&autorun=1")); err != nil {
			t.Fatal(err)
		}
		waitReady(t, ctx)
		waitStatus(t, ctx, 60*time.Second, "pretraining")
		waitSelector(t, ctx, 60*time.Second, "#embedding svg") // the first snapshot, mid-run
		screenshot(t, ctx, "look-embed-training")
		fullScreenshot(t, ctx, "look-embed-training-full")
	})
	t.Run("mae", func(t *testing.T) {
		ctx := newBrowser(t, 1280, 800)
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-mae&epochs=3&aepochs=10&panels=pretrain&autorun=1")); err != nil {
			t.Fatal(err)
		}
		waitReady(t, ctx)
		if st := waitStatus(t, ctx, 120*time.Second, "done", "failed"); st != "done" {
			t.Fatalf("masked autoencoding run ended %s", st)
		}
		has, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('#reconstructions svg')`))
		if !has {
			t.Error("no reconstructions drawn")
		}
		elementScreenshot(t, ctx, "pretrain", "look-mae-pretrain")
	})
}
