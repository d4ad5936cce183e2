//go:build e2e

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sslab/ml/train"
)

// lessonRun opens the lab at query (which autoruns), waits for the run to
// end and fails unless it is done.
func lessonRun(t *testing.T, ctx context.Context, base, query string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?"+query)); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	if st := waitStatus(t, ctx, 140*time.Second, "done", "failed"); st != "done" {
		t.Fatalf("%s: the run ended %s: %s", query, st, failureText(t, ctx))
	}
}

// text returns the text content of the element with the given id, "" if
// there is none.
func text(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById('`+id+`') || {textContent: ''}).textContent`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// has reports whether the page has an element matching the CSS selector.
func has(t *testing.T, ctx context.Context, selector string) bool {
	t.Helper()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('`+selector+`')`))
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// cliVerdict is the verdict the command line prints for query.
func cliVerdict(t *testing.T, query string) *train.Verdict {
	t.Helper()
	run, err := train.NewRun(decode(t, strings.ReplaceAll(query, "&autorun=1", "")))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := run.Execute(train.Parallel{Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep.Verdict
}

// smallestChartText is the JS that finds the smallest rendered font size
// of the charts' text inside the element of the given id: each text's size
// scaled by its chart's rendered width over its natural width.
const smallestChartText = `((id) => {
	let min = 1e9, where = '';
	for (const svg of document.getElementById(id).querySelectorAll('.chart-body svg')) {
		const natural = svg.viewBox.baseVal.width, shown = svg.getBoundingClientRect().width;
		if (!natural || !shown) continue;
		const root = parseFloat(svg.getAttribute('font-size') || '12');
		for (const t of svg.querySelectorAll('text')) {
			const px = parseFloat(t.getAttribute('font-size') || root) * shown / natural;
			if (px < min) { min = px; where = svg.closest('figure').id + ': ' + t.textContent; }
		}
	}
	return [min, where];
})`

// looks saves the element id at the desktop width, then at a phone's,
// where no chart text in it may be under 11 px.
func looks(t *testing.T, ctx context.Context, name string, ids ...string) {
	t.Helper()
	// Draw every card now: off screen they are skipped (content-visibility),
	// and a capture could catch one before it is drawn.
	chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('.card').forEach(c => c.style.contentVisibility = 'visible')`))
	for _, size := range []struct {
		w, h int64
		tag  string
	}{{1280, 900, "desktop"}, {390, 844, "phone"}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.w, size.h)); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			elementScreenshot(t, ctx, id, "lesson-"+name+"-"+id+"-"+size.tag)
			if size.tag != "phone" {
				continue
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](smallestChartText+`('`+id+`')`))
			if err != nil || len(got) != 2 {
				t.Fatalf("chart text sizes: %v", err)
			}
			if px, _ := got[0].(float64); px < 11-1e-6 {
				t.Errorf("%s, #%s at 390 px: chart text of %.1f px (%v)", name, id, px, got[1])
			}
		}
	}
	chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900))
}

// TestLessonVerdict: after a shortened digits run (the default preset
// for 5 epochs) the page says pretraining helped, and after blobs (separable in the raw input) and breast
// cancer's seed 5 (where training from scratch does better) that it did not and why, in the command line's words; the verdict chart and, for blobs, the
// input plane of each representation are drawn.
func TestLessonVerdict(t *testing.T) {
	base := serveLab(t, "/")
	ctx := newBrowser(t, 1280, 900)
	for _, c := range []struct {
		name, query, lead, cause string
	}{
		{"digits", "preset=digits-quick&autorun=1", "Pretraining helped:", ""},
		{"blobs", "preset=blobs-simclr&autorun=1", "Pretraining did not help", "Likely cause: the task is already easy in the raw input"},
		{"cancer", "preset=cancer-scarf&seed=5&autorun=1", "Pretraining did not help", "Likely cause: the labels are enough on their own"},
	} {
		lessonRun(t, ctx, base, c.query)
		got := strings.TrimSpace(text(t, ctx, "verdict-text"))
		want := strings.Join(cliVerdict(t, c.query).Sentences, "")
		if got != want {
			t.Errorf("%s: the page's verdict\n %q\nthe command line's\n %q", c.name, got, want)
		}
		if !strings.HasPrefix(got, c.lead) || !strings.Contains(got, c.cause) {
			t.Errorf("%s: verdict %q does not start with %q or lacks %q", c.name, got, c.lead, c.cause)
		}
		if !has(t, ctx, "#verdict svg") {
			t.Errorf("%s: no verdict chart", c.name)
		}
		caption := text(t, ctx, "efficiency")
		if bought := strings.Contains(caption, "is what pretraining bought here"); bought != (c.cause == "") {
			t.Errorf("%s: the label-efficiency caption does not follow the verdict: %q", c.name, caption)
		}
		ids := []string{"adapt"}
		if c.name == "blobs" {
			if !has(t, ctx, "#regions-pretrained svg") || !has(t, ctx, "#regions-random svg") || !has(t, ctx, "#regions-raw svg") {
				t.Error("blobs: the input plane is not drawn for each representation")
			}
		} else {
			ids = append(ids, "pretrain")
		}
		looks(t, ctx, c.name, ids...)
	}
}

// TestLessonCollapse: with SimSiam's stop-gradient off the collapse meter
// warns during the run, and the verdict repeats it.
func TestLessonCollapse(t *testing.T) {
	base := serveLab(t, "/")
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=digits-simsiam&stopgrad=0&lr=0.01&epochs=4&fsseeds=2&autorun=1")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.getElementById('collapse-warning')`,
		chromedp.WithPollingTimeout(120*time.Second))); err != nil {
		t.Fatalf("no collapse warning during the run (status %s): %v", text(t, ctx, "run-status"), err)
	}
	if st := waitStatus(t, ctx, 120*time.Second, "done", "failed"); st != "done" {
		t.Fatalf("the run ended %s", st)
	}
	if w := text(t, ctx, "collapse-warning"); !strings.HasPrefix(w, "Dimensional collapse: ") && !strings.HasPrefix(w, "Complete collapse: ") {
		t.Errorf("collapse warning: %q", w)
	}
	if !strings.Contains(text(t, ctx, "verdict-collapse"), "The collapse meter flagged the pretrained encoder") {
		t.Error("the verdict does not repeat the collapse")
	}
	looks(t, ctx, "collapse", "pretrain", "verdict")
}

// TestLessonViews: Barlow Twins, VICReg and SimSiam each get a view of
// their own beside its formula, drawn while they pretrain.
func TestLessonViews(t *testing.T) {
	base := serveLab(t, "/")
	ctx := newBrowser(t, 1280, 900)
	for _, c := range []struct{ preset, chart, idea string }{
		{"digits-barlow", "crosscorr", "Barlow Twins: the cross-correlation matrix"},
		{"digits-vicreg", "terms", "VICReg: three forces"},
		{"digits-simsiam", "cosine", "SimSiam and BYOL: a predictor and a stop-gradient"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset="+c.preset+"&epochs=3&panels=pretrain,ideas&autorun=1")); err != nil {
			t.Fatal(err)
		}
		waitReady(t, ctx)
		// Pretraining is over once adapting starts: its charts are final.
		if st := waitStatus(t, ctx, 140*time.Second, "adapting", "done", "failed"); st == "failed" {
			t.Fatalf("%s: the run failed: %s", c.preset, failureText(t, ctx))
		}
		// The status can change a task before the last progress message's
		// charts are drawn (the page draws queued charts a slice per task,
		// lab_charts.go): wait for the chart.
		waitSelector(t, ctx, 30*time.Second, "#"+c.chart+" svg")
		if !strings.Contains(text(t, ctx, "pretrain"), c.idea) || !has(t, ctx, "#pretrain .formula math") {
			t.Errorf("%s: no idea %q with its formula", c.preset, c.idea)
		}
		looks(t, ctx, c.preset, "pretrain")
	}
}

// TestLessonPlaneAndRegression: moons' input plane; a regression names its
// target, spells out R² and has no zero-shot table.
func TestLessonPlaneAndRegression(t *testing.T) {
	base := serveLab(t, "/")
	ctx := newBrowser(t, 1280, 900)
	lessonRun(t, ctx, base, "preset=moons-simclr&autorun=1")
	if !has(t, ctx, "#regions-pretrained svg") {
		t.Error("moons: no input plane")
	}
	looks(t, ctx, "moons", "regions", "verdict")
	for _, preset := range []string{"spirals-regression", "diabetes-regression"} {
		lessonRun(t, ctx, base, "preset="+preset+"&autorun=1")
		if s := text(t, ctx, "regression-target"); !strings.Contains(s, "Predicting ") || !strings.Contains(s, "fraction of the target's variance") {
			t.Errorf("%s: target line %q", preset, s)
		}
		if has(t, ctx, "#zero-shot-table") {
			t.Errorf("%s: a zero-shot table for a regression", preset)
		}
		if !strings.Contains(text(t, ctx, "verdict-text"), "R²") {
			t.Errorf("%s: the verdict does not speak R²: %q", preset, text(t, ctx, "verdict-text"))
		}
		looks(t, ctx, preset, "adapt")
	}
}
