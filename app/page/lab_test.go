//go:build !wasm

package page

import (
	"html"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/page/view"
	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// mount loads c in a test engine and returns it.
func mount[C app.Composer](t *testing.T, c C) C {
	t.Helper()
	e := app.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return c
}

// renderLab loads a Lab in go-app's test engine and returns the engine.
func renderLab(t *testing.T, lab *Lab) app.TestEngine {
	t.Helper()
	e := app.NewTestEngine()
	if err := e.Load(lab); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return e
}

// pageHTML returns the HTML a mounted component renders to.
func pageHTML(t *testing.T, c app.Composer) string {
	t.Helper()
	return app.HTMLString(c)
}

func TestSetupRendersEveryField(t *testing.T) {
	h := pageHTML(t, mount(t, &Lab{}))
	for _, f := range config.Fields() {
		id := "f-" + f.Name
		if f.Kind == config.StringList {
			id += "-" + f.Choices[0]
		}
		if !strings.Contains(h, `id="`+id+`"`) {
			t.Errorf("no control for %s (%s)", f.Name, id)
		}
		if f.Kind != config.StringList && !strings.Contains(h, `for="`+id+`"`) {
			t.Errorf("control of %s has no <label>", f.Name)
		}
		if !strings.Contains(h, `id="h-`+f.Name+`"`) {
			t.Errorf("control of %s has no hint", f.Name)
		}
		if !strings.Contains(h, html.EscapeString(f.Label)) {
			t.Errorf("label %q of %s not shown", f.Label, f.Name)
		}
	}
	if !strings.Contains(h, `id="f-preset"`) {
		t.Error("no preset picker")
	}
	// Every control explains itself on hover and to screen readers.
	if n, m := strings.Count(h, `aria-describedby="h-`), len(config.Fields()); n < m {
		t.Errorf("%d controls tied to a hint, want at least %d", n, m)
	}
}

func TestBadURLShowsMessage(t *testing.T) {
	lab := &Lab{Query: "lr=abc&epochs=99999&bogus=%3Cscript%3Ealert(1)%3C/script%3E&objective=SimCLR"}
	h := pageHTML(t, mount(t, lab))
	for _, want := range []string{
		`parameter &#34;lr&#34;: value &#34;abc&#34; is not a number; allowed: 1e-06 to 10; using “0.004” instead`,
		`parameter &#34;epochs&#34;`, "allowed: 1 to 1000",
		`did you mean &#34;simclr&#34;?`,
		`parameter &#34;bogus&#34;`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(h, "<script>alert") {
		t.Error("markup from the URL reached the page unescaped")
	}
	// The bad parameters fall back to the preset's values.
	def := config.Default()
	if lab.cfg.LR != def.LR || lab.cfg.Epochs != def.Epochs || lab.cfg.Objective != def.Objective {
		t.Errorf("fallback config: lr %v epochs %d objective %s", lab.cfg.LR, lab.cfg.Epochs, lab.cfg.Objective)
	}
}

func TestEmbedLayout(t *testing.T) {
	h := pageHTML(t, mount(t, &Lab{Query: "embed=1&panels=pretrain,ideas"}))
	for _, absent := range []string{`class="page-header"`, `id="setup"`, `id="adapt"`, `class="page-footer"`} {
		if strings.Contains(h, absent) {
			t.Errorf("embedded page shows %s", absent)
		}
	}
	for _, present := range []string{`lab lab-embed`, `id="pretrain"`, `class="idea"`, `id="btn-start"`} {
		if !strings.Contains(h, present) {
			t.Errorf("embedded page lacks %s", present)
		}
	}
}

// TestRunRenders runs a tiny config in-process (autorun) and watches the
// page go through pretraining to the results.
func TestRunRenders(t *testing.T) {
	cfg, _ := config.Preset("digits-quick")
	cfg.AdaptEpochs, cfg.FewShotSeeds, cfg.Autorun = 5, 1, true
	lab := &Lab{Query: cfg.Query(), Trainer: NewLocalTrainer(train.Parallel{Workers: 2})}
	e := renderLab(t, lab)
	t.Cleanup(lab.OnDismount)

	status := regexp.MustCompile(`data-status="(\w+)"`)
	seen := map[string]bool{}
	var h string
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		e.ConsumeAll()
		h = pageHTML(t, lab)
		st := status.FindStringSubmatch(h)[1]
		seen[st] = true
		if st == "pretraining" && strings.Contains(h, "Pretraining: step") {
			seen["progress text"] = true
			// Every progress message brings a new loss curve: the page
			// must show it (a map changed in place would not redraw).
			if regexp.MustCompile(`Pretraining: step [1-9]`).MatchString(h) && !strings.Contains(figure(h, "loss"), "<svg") {
				t.Errorf("pretraining shows progress but no loss curve: %.200s", figure(h, "loss"))
			}
		}
		if st == "done" || st == "failed" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !seen["done"] {
		t.Fatalf("run did not finish; statuses seen %v", seen)
	}
	if !seen["pretraining"] && !seen["adapting"] {
		t.Errorf("never rendered a running state; statuses seen %v", seen)
	}
	for _, want := range []string{`id="results-table"`, `data-adaptation="linear-probe"`, `id="effective-rank"`, "<svg", "Pretrained for "} {
		if !strings.Contains(h, want) {
			t.Errorf("finished page lacks %s", want)
		}
	}
	if lab.result == nil || len(lab.result.Rows) == 0 {
		t.Fatal("no result rows")
	}
}

// TestStaleRepliesDropped checks that after a reset, late messages of the
// abandoned run change nothing.
// figure returns the HTML of the chart figure with the given id.
func figure(h, id string) string {
	loc := regexp.MustCompile(`<figure[^>]*id="` + id + `"[^>]*>`).FindStringIndex(h)
	if loc == nil {
		return ""
	}
	start := loc[0]
	end := strings.Index(h[start:], "</figure>")
	if end < 0 {
		return h[start:]
	}
	return h[start : start+end]
}

func TestStaleRepliesDropped(t *testing.T) {
	lab := &Lab{}
	renderLab(t, lab)
	lab.run = 2
	lab.status = view.StatusPretraining
	lab.reset()
	lab.receive(app.Context{}, []session.Message{
		{Type: session.MsgProgress, Run: 2, Progress: &session.Progress{Phase: session.PhasePretrain, Step: 5, Total: 10},
			Charts: map[string]string{session.ChartLoss: "<svg></svg>"}},
		{Type: session.MsgResult, Run: 2, Result: &session.Result{Report: &train.Report{}}},
	})
	if lab.status != view.StatusIdle || lab.result != nil || lab.charts[session.ChartLoss] != "" {
		t.Errorf("stale messages applied: status %v, result %v, charts %v", lab.status, lab.result, lab.charts)
	}
}

// TestPauseAcknowledgement checks that the page marks where the worker
// holds a pause once the worker says so, and only then.
func TestPauseAcknowledgement(t *testing.T) {
	lab := &Lab{}
	renderLab(t, lab)
	lab.run, lab.status, lab.pausedFrom = 3, view.StatusPaused, view.StatusPretraining
	// The lab's root as it renders now (the mounted tree changes only
	// through an update, which the page's Dispatch would make).
	held := func() string {
		root := regexp.MustCompile(`^<div[^>]*>`).FindString(app.HTMLString(lab.Render()))
		m := regexp.MustCompile(`data-held="([^"]*)"`).FindStringSubmatch(root)
		if m == nil {
			return ""
		}
		return m[1]
	}
	for _, c := range []struct {
		name string
		ack  session.Message
		want string
	}{
		{"another run's", session.Message{Type: session.MsgAck, Run: 2, Ack: &session.Ack{Of: session.MsgPause, Applied: true, Phase: "pretrain", Step: 7}}, ""},
		{"not applied", session.Message{Type: session.MsgAck, Run: 3, Ack: &session.Ack{Of: session.MsgPause}}, ""},
		{"a resume's", session.Message{Type: session.MsgAck, Run: 3, Ack: &session.Ack{Of: session.MsgResume, Applied: true, Phase: "pretrain", Step: 7}}, ""},
		{"the pause's", session.Message{Type: session.MsgAck, Run: 3, Ack: &session.Ack{Of: session.MsgPause, Applied: true, Phase: "pretrain", Step: 12}}, "pretrain 12"},
	} {
		lab.receive(app.Context{}, []session.Message{c.ack})
		if got := held(); got != c.want {
			t.Errorf("after %s acknowledgement: data-held %q, want %q", c.name, got, c.want)
		}
	}
	lab.status = view.StatusPretraining // resumed
	if got := held(); got != "" {
		t.Errorf("running again: data-held %q, want none", got)
	}
}

// TestDivergenceShown checks that a run whose loss blows up stops and says
// to lower the learning rate.
func TestDivergenceShown(t *testing.T) {
	cfg, _ := config.Preset("digits-vicreg")
	cfg.Optimizer, cfg.LR, cfg.Autorun = "sgd", 10, true
	lab := &Lab{Query: cfg.Query(), Trainer: NewLocalTrainer(nil)}
	e := renderLab(t, lab)
	t.Cleanup(lab.OnDismount)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && lab.status != view.StatusFailed {
		e.ConsumeAll()
		time.Sleep(20 * time.Millisecond)
	}
	h := pageHTML(t, lab)
	if lab.status != view.StatusFailed || !strings.Contains(h, "smaller learning rate") || !strings.Contains(h, `id="run-failure"`) {
		t.Errorf("status %v; failure shown: %v", lab.status, strings.Contains(h, "smaller learning rate"))
	}
}

// TestSetFieldRefusesBadValue checks that a refused value leaves the config
// (and so the URL) alone and is explained under its control.
func TestSetFieldRefusesBadValue(t *testing.T) {
	lab := mount(t, &Lab{})
	before := lab.cfg.Query()
	lab.setField("lr", "fast")
	lab.setField("task", "regression") // digits has no regression target
	if lab.cfg.Query() != before {
		t.Errorf("config changed to %q", lab.cfg.Query())
	}
	if !strings.Contains(lab.fieldErrs["lr"], "not a number") || !strings.Contains(lab.fieldErrs["task"], "not available") {
		t.Errorf("refusals: %v", lab.fieldErrs)
	}
	lab.setField("lr", "0.01")
	if lab.cfg.LR != 0.01 || lab.fieldErrs["lr"] != "" {
		t.Errorf("accepted value: lr %v, error %q", lab.cfg.LR, lab.fieldErrs["lr"])
	}
}

// TestRegressionRun runs the regression preset briefly: no zero-shot
// budget, R² as the metric, no confusion matrix.
func TestRegressionRun(t *testing.T) {
	cfg, _ := config.Preset("spirals-regression")
	cfg.Epochs, cfg.AdaptEpochs, cfg.Autorun = 2, 5, true
	lab := &Lab{Query: cfg.Query(), Trainer: NewLocalTrainer(train.Parallel{Workers: 2})}
	e := renderLab(t, lab)
	t.Cleanup(lab.OnDismount)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) && lab.status != view.StatusDone && lab.status != view.StatusFailed {
		e.ConsumeAll()
		time.Sleep(20 * time.Millisecond)
	}
	e.ConsumeAll()
	h := pageHTML(t, lab)
	if lab.status != view.StatusDone {
		t.Fatalf("status %v: %s", lab.status, lab.failure)
	}
	for _, want := range []string{`data-metric="r2"`, `id="efficiency"`} {
		if !strings.Contains(h, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, absent := range []string{`id="budget-0"`, `id="confusion-approach"`, `id="views"`, `id="preview"`} {
		if strings.Contains(h, absent) {
			t.Errorf("regression page shows %s", absent)
		}
	}
}

// A snapshot's charts go in over a few tasks, top of the page first, each
// task under the budget unless one chart alone is over it.
func TestChartsToDraw(t *testing.T) {
	kb := func(n int) string { return strings.Repeat("x", n<<10) }
	queued := map[string]string{
		session.ChartLoss: kb(12), session.ChartKNN: kb(3), session.ChartEmbedding: kb(16),
		session.ChartCollapse: kb(4), session.ChartViews: kb(20), session.ChartSimilarity: kb(10),
	}
	var tasks [][]string
	for len(queued) > 0 && len(tasks) < 10 {
		ids := chartsToDraw(queued)
		for _, id := range ids {
			delete(queued, id)
		}
		tasks = append(tasks, ids)
	}
	want := [][]string{
		{session.ChartLoss, session.ChartKNN},
		{session.ChartEmbedding, session.ChartCollapse},
		{session.ChartViews},
		{session.ChartSimilarity},
	}
	if !reflect.DeepEqual(tasks, want) {
		t.Errorf("tasks %v, want %v", tasks, want)
	}
	if ids := chartsToDraw(map[string]string{session.ChartViews: kb(40)}); len(ids) != 1 {
		t.Errorf("a chart over the budget alone: %v, want it drawn", ids)
	}
}

// TestObjectiveChangeKeepsURLValid changes the objective after setting
// SimCLR's temperature: the temperature, which no longer applies, goes
// back to the preset's value, so the config (and the URL) stays valid.
func TestObjectiveChangeKeepsURLValid(t *testing.T) {
	lab := mount(t, &Lab{})
	base := lab.cfg.Clone()
	lab.setField("temp", "0.2")
	if lab.cfg.Temperature != 0.2 {
		t.Fatalf("temperature %v, want 0.2", lab.cfg.Temperature)
	}
	lab.setField("objective", string(config.BYOL))
	if lab.cfg.Objective != config.BYOL || len(lab.fieldErrs) > 0 {
		t.Fatalf("objective %s, refusals %v", lab.cfg.Objective, lab.fieldErrs)
	}
	if lab.cfg.Temperature != base.Temperature {
		t.Errorf("temperature %v kept where it does not apply; want the preset's %v", lab.cfg.Temperature, base.Temperature)
	}
	if err := lab.cfg.Validate(); err != nil {
		t.Errorf("the config after the change does not validate: %v", err)
	}
	q, _ := url.ParseQuery(lab.cfg.Query())
	if _, errs := config.Decode(q); len(errs) > 0 {
		t.Errorf("the URL %q does not decode cleanly: %v", lab.cfg.Query(), errs)
	}
}
