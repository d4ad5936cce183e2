//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestOwnCSV uploads a CSV file in the browser, trains on it, and checks
// that a broken file is refused with its line and column while the earlier
// file stays, and that the file never reaches the URL.
func TestOwnCSV(t *testing.T) {
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "pets.csv"), filepath.Join(dir, "broken.csv")
	if err := os.WriteFile(good, []byte(goodCSVText(60)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("x1,x2,label\n1,2,cat\n1,zz,dog\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := serveLab(t, "/")
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-quick&aepochs=20&fsseeds=1")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)

	text := func(id string) string {
		s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById('`+id+`')||{textContent:''}).textContent`))
		return s
	}
	waitFor := func(id, want string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !strings.Contains(text(id), want) {
			if time.Now().After(deadline) {
				t.Fatalf("#%s never showed %q (shows %q; error %q)", id, want, text(id), text("data-error"))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("data-file"), []string{good})); err != nil {
		t.Fatal(err)
	}
	waitFor("data-info", "pets.csv: 60 rows, 2 feature columns, 2 classes")
	u, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	if !strings.Contains(u, "data=csv") || !strings.Contains(u, "std=1") || strings.Contains(u, "cat") || strings.Contains(u, "pets") {
		t.Errorf("URL after loading the file: %q", u)
	}

	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("data-file"), []string{bad})); err != nil {
		t.Fatal(err)
	}
	waitFor("data-error", `broken.csv: line 3, column 2: "zz" is not a number`)
	if !strings.Contains(text("data-error"), "The previously loaded pets.csv is still used") || !strings.Contains(text("data-info"), "pets.csv") {
		t.Errorf("after the broken file: error %q, info %q", text("data-error"), text("data-info"))
	}
	elementScreenshot(t, ctx, "setup", "csv-setup")

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("btn-start"))); err != nil {
		t.Fatal(err)
	}
	if st := waitStatus(t, ctx, 120*time.Second, "done", "failed"); st != "done" {
		t.Fatalf("the run on the file ended %s", st)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#results-table tbody tr').length`))
	if err != nil || rows == 0 {
		t.Errorf("no result rows (%v)", err)
	}
}

// goodCSVText is a small two-class table of rows lines (the page's
// component tests use the same one).
func goodCSVText(rows int) string {
	var b strings.Builder
	b.WriteString("x1,x2,label\n")
	for i := range rows {
		c := i % 2
		fmt.Fprintf(&b, "%g,%g,%s\n", float64(c)*3+float64(i%5)*0.1, float64(i%7)*0.2-float64(c), []string{"cat", "dog"}[c])
	}
	return b.String()
}
