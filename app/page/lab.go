package page

import (
	"net/url"
	"runtime"
	"slices"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/page/view"
	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// Lab is the page: it owns the lab's state (the config, which the URL
// mirrors, and the current run as the worker reports it) and hands each
// panel the part it draws. Panels talk back through actions (view/actions.go).
type Lab struct {
	app.Compo

	// Trainer trains; nil when prerendering on the server, which must not.
	Trainer Trainer
	// Query, if set, is used instead of the page URL's query (tests).
	Query string
	// sent, if set, receives what would be posted to the parent (tests).
	sent func([]byte)

	cfg    config.Config
	issues []*config.ParamError // bad URL parameters, reported at load
	// fieldErrs holds, per parameter, why the last value typed into its
	// control was refused.
	fieldErrs map[string]string
	ready     bool // mounted and listening: the readiness marker

	status     view.Status
	pausedFrom view.Status // the phase a pause interrupted
	run        int         // number of the current run; replies to others are dropped
	inbox      *session.Mailbox
	pretrain   session.Progress // latest pretraining progress
	adapt      session.Progress // latest adaptation progress
	monitor    session.Snapshot // latest monitors of the encoder

	// held is where the worker acknowledged holding the current pause
	// (phase and step), "" until it has: a test waits for it, not for time.
	held string

	// charts are the worker's drawings on the page, by session chart id;
	// queued ones wait their turn (see drawCharts).
	charts      map[string]string
	queued      map[string]string
	drawing     bool   // a drawCharts is scheduled
	previewKey  string // previewKey of the last preview requested
	result      *session.Result
	resultCfg   config.Config // the config the result was computed with
	confusion   *session.Confusion
	approach    session.Approach // the approach whose confusion matrix is shown
	failure     string           // why the run stopped
	notice      string           // a problem that did not stop the run (a refused file, say)
	checkpoint  string           // name of a checkpoint file the run adapts, "" if none
	shareURL    string           // shown when the clipboard is unavailable
	shareStatus string

	// The user's own data file: what the worker accepted (nil if none),
	// why the last file was refused, and the file being read.
	userData    *session.DataInfo
	dataErr     string
	dataLoading string

	// The training worker: whether it answered ready, and, if it failed,
	// the code (session.CodeWorkerUnavailable or CodeWorkerStopped) and
	// what the page says about it.
	workerReady bool
	workerDown  string
	workerMsg   string
	// cost is the estimate of a run a link or a parent asked for that is
	// too large to start without a click (nil if none).
	cost *session.Cost

	// The embedding page: the only origin it may be (?parent=), the
	// command listener, the height observer and the last height posted.
	parentOrigin string
	onCommand    app.Func
	onResize     app.Func
	lastHeight   int

	// The embed builder (nil when closed) and the glossary's state.
	builder *view.EmbedOptions
	// drawer: the set-up column is open as a drawer (narrow screens).
	drawer bool
	// staticURL resolves a static resource's path under the base path.
	staticURL func(string) string
	text      textState // a text run's insight and answers (lab_text.go)
}

// redrawEvery caps how often worker messages re-render the page: messages
// arriving in between are applied together.
const redrawEvery = 100 * time.Millisecond

// OnPreRender runs on the server (and in native tests), OnMount in the
// browser; both set the lab up from the URL.
func (l *Lab) OnPreRender(ctx app.Context) { l.setUp(ctx, false) }
func (l *Lab) OnMount(ctx app.Context)     { l.setUp(ctx, true) }

func (l *Lab) OnDismount() {
	if l.onCommand != nil {
		app.Window().Call("removeEventListener", "message", l.onCommand)
	}
	if l.inbox != nil {
		l.inbox.Close()
	}
	if l.Trainer != nil {
		l.Trainer.Close()
	}
}

// setUp reads the config from the URL, connects the trainer and, with
// autorun, starts. mounted is true in the browser, where the page then
// marks itself ready (data-ready="1") for scripts and tests.
func (l *Lab) setUp(ctx app.Context, mounted bool) {
	query := l.Query
	if query == "" {
		query = ctx.Page().URL().RawQuery
	}
	// ParseQuery keeps the pairs that parse and reports the first that
	// does not (a bad %-escape); that one is reported too.
	q, err := url.ParseQuery(query)
	cfg, errs := config.Decode(q)
	if err != nil {
		errs = append(config.Errors{{Param: "query", Msg: "has a part that is not valid URL encoding and was ignored: " + err.Error()}}, errs...)
	}
	if cfg.Dataset == config.CSVDataset {
		// The file never travels in the URL, so a fresh page has none.
		cfg = withoutUserData(cfg)
		errs = append(errs, &config.ParamError{Param: "data", Value: config.CSVDataset,
			Msg: "needs your own CSV file, which is never put in a URL: load a CSV file under “Your own data (CSV)” in the set-up column"})
	}
	l.cfg, l.issues, l.fieldErrs, l.charts = cfg, errs, map[string]string{}, map[string]string{}
	l.approach = session.Approach{Encoder: "pretrained", Adaptation: "linear-probe"}
	l.handleActions(ctx)

	l.parentOrigin, l.staticURL = l.cfg.Parent, ctx.ResolveStaticResource
	if mounted && !l.cfg.Embed && !isolated() {
		l.notice = oneCoreNotice
	}
	if mounted {
		l.listenToParent(ctx)
		l.reportHeight(ctx)
	}
	for _, e := range l.issues {
		l.postMsg(errorMsg(codeBadParam, codeBadParam, e.Param, nil, ""))
	}
	if l.Trainer != nil {
		l.inbox = session.NewMailbox()
		l.Trainer.Open(absoluteURL(ctx.ResolveStaticResource("/web/worker.js")), l.inbox.Put)
		go l.pump(ctx, l.inbox)
		l.requestPreview()
		if l.cfg.Autorun {
			l.start(ctx, nil, true)
		}
	}
	l.ready = mounted
	if mounted {
		// For measuring the time to a usable page (tests, curious authors).
		app.Window().Get("performance").Call("mark", "sslab-ready")
		ctx.Defer(func(app.Context) { runtime.GC() }) // the page is built: see collectAtRest
	}
}

// pump applies the worker's messages on the UI goroutine, at most once per
// redrawEvery: one render for a burst of progress and snapshot messages.
func (l *Lab) pump(ctx app.Context, box *session.Mailbox) {
	var last time.Time
	for range box.Ready() {
		if box.Closed() {
			return
		}
		// The messages were decoded in the worker's message event; the
		// page is drawn in a task of its own.
		sleepTask(max(redrawEvery-time.Since(last), 0))
		msgs := box.Take()
		if len(msgs) == 0 {
			continue
		}
		last = time.Now()
		ctx.Dispatch(func(ctx app.Context) { l.receive(ctx, msgs) })
	}
}

// showPanel reports whether the config shows the named panel.
func (l *Lab) showPanel(name string) bool { return slices.Contains(l.cfg.Panels, name) }

func (l *Lab) Render() app.UI {
	class := "lab"
	if l.cfg.Embed {
		class += " lab-embed"
	}
	setup := l.showPanel("setup")
	if setup {
		class += " lab-with-setup"
	}
	if l.drawer {
		class += " lab-drawer-open"
	}
	ideas := l.showPanel("ideas")
	views := app.Main().Class("views").ID("lab-views").Body(
		app.If(l.showPanel("pretrain"), func() app.UI {
			return &view.PretrainPanel{
				Config: l.cfg, Charts: l.charts, Checkpoint: l.checkpoint, Monitor: l.monitor.Monitor, Dim: l.monitor.Dim, Ideas: ideas,
			}
		}),
		app.If(l.cfg.IsText() && l.showPanel("pretrain"), func() app.UI { return l.textPanel() }),
		app.If(l.showPanel("adapt"), func() app.UI {
			return &view.AdaptPanel{
				Config: l.cfg, ResultConfig: l.resultCfg, Status: l.status, Result: l.result,
				Confusion: l.confusion, Approach: l.approach, Ideas: ideas, Checkpoint: l.checkpoint,
				Charts: l.charts,
			}
		}),
		app.If(ideas && !l.showPanel("pretrain") && !l.showPanel("adapt"), func() app.UI {
			return &view.IdeasPanel{Objective: l.cfg.Objective}
		}),
	)
	root := app.Div().Class(class).DataSet("status", l.status.String())
	if l.held != "" && l.status == view.StatusPaused {
		root = root.DataSet("held", l.held)
	}
	if l.ready {
		root = root.DataSet("ready", "1")
	}
	return root.Body(
		&view.Header{Embedded: l.cfg.Embed, BuilderOpen: l.builder != nil},
		&view.IssueList{Issues: issueTexts(l.cfg, l.issues)},
		// Slots that are always there: go-app pairs children by position,
		// so a part that appeared would rebuild the run bar, the columns
		// and the glossary after it (an open glossary would close).
		app.Div().Class("builder-slot").Body(
			app.If(l.builder != nil && !l.cfg.Embed, func() app.UI { return l.renderBuilder() })),
		l.runBar(),
		app.Div().Class("columns").Body(
			app.If(setup, func() app.UI { return l.setupPanel() }),
			views,
		),
		app.Div().Class("backdrop-slot").Body(app.If(setup, func() app.UI {
			// Behind the open drawer on narrow screens: a tap closes it.
			return app.Div().Class("drawer-backdrop").Aria("hidden", true).
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(view.ActDrawer, false) })
		})),
		&view.GlossaryPanel{},
		app.If(!l.cfg.Embed, func() app.UI { return &view.Footer{} }),
	)
}

// runBar is the run bar of the lab's state.
func (l *Lab) runBar() *view.RunBar {
	return &view.RunBar{
		Status: l.status, PausedFrom: l.pausedFrom, Pretrain: l.pretrain, Adapt: l.adapt,
		Failure: l.failure, Notice: l.notice, ShareURL: l.shareURL, ShareStatus: l.shareStatus,
		Stale:      l.status == view.StatusDone && !session.SamePretraining(l.cfg, l.resultCfg),
		HasTrainer: l.Trainer != nil, Report: l.report(),
		OfferSetup: !l.showPanel("setup") && !l.cfg.Embed, HasSetup: l.showPanel("setup"), Drawer: l.drawer,
		WorkerReady: l.workerReady, WorkerDown: l.workerDown, WorkerMsg: l.workerMsg, CanRestart: l.canRestart(),
		Cost: l.cost, DataNotice: l.dataNotice(),
	}
}

// setupPanel is the set-up column of the lab's state.
func (l *Lab) setupPanel() *view.SetupPanel {
	return &view.SetupPanel{Config: l.cfg, Errors: l.fieldErrs, Locked: l.status.Running(),
		Data: l.userData, DataError: l.dataErr, DataLoading: l.dataLoading, Drawer: l.drawer}
}

// renderBuilder is the embed builder with the frame's config and addresses.
func (l *Lab) renderBuilder() app.UI {
	cfg := l.cfg
	own := cfg.Dataset == config.CSVDataset
	if own {
		cfg = withoutUserData(cfg)
	}
	frame := l.builder.Frame(cfg)
	var src, preview string
	if base := pageBase(); base != "" {
		src = base + "?" + frame.Query()
		p := frame.Clone()
		p.Autorun = false
		preview = base + "?" + p.Query()
	}
	return &view.EmbedBuilder{Options: *l.builder, Config: frame, FrameURL: src, Preview: preview,
		Script: absoluteURL(l.staticURL("/web/embed.js")), OwnData: own}
}

// canRestart reports whether the trainer can start a fresh worker.
func (l *Lab) canRestart() bool {
	_, ok := l.Trainer.(interface{ Restart() })
	return ok
}

// dataNotice warns, beside Start, that a file the reader tried to load was
// refused, so that Start trains on other data: the built-in dataset, or
// the earlier file.
func (l *Lab) dataNotice() string {
	if l.dataErr == "" || l.status.Running() {
		return ""
	}
	if l.cfg.Dataset == config.CSVDataset && l.userData != nil {
		return "The last file was refused (see “Your own data”): Start trains on " + l.userData.Name + ", loaded earlier."
	}
	d := l.cfg.Dataset
	if spec, ok := config.DatasetOf(d); ok {
		d = spec.Label
	}
	return "Your file was refused (see “Your own data” in the set-up column): Start trains on " + d + ", not on it."
}

// report is the finished run's report, or nil.
func (l *Lab) report() *train.Report {
	if l.result == nil {
		return nil
	}
	return l.result.Report
}

// issueTexts words each bad URL parameter for the page: what was wrong and
// which value is used instead.
func issueTexts(cfg config.Config, issues []*config.ParamError) []string {
	var out []string
	for _, e := range issues {
		s := e.Error()
		if f, ok := config.Lookup(e.Param); ok {
			s += "; using " + quoteValue(f.Get(&cfg)) + " instead"
		}
		out = append(out, s)
	}
	return out
}

func quoteValue(s string) string {
	if s == "" {
		return "an empty value"
	}
	return "“" + s + "”"
}

// withoutUserData is cfg on the default preset's dataset instead of the
// user's file (a URL's data=csv on a page that has no file yet), on a task
// that dataset has.
func withoutUserData(cfg config.Config) config.Config {
	cfg = cfg.Clone()
	cfg.Dataset = config.Default().Dataset
	if d, ok := config.DatasetOf(cfg.Dataset); ok && !d.Has(cfg.Task) {
		cfg.Task = d.Tasks[0]
	}
	if cfg.IsRegression() && cfg.Shots == 0 {
		cfg.Shots = -1
	}
	return cfg.WithoutInapplicable()
}

// previewKey is what a views preview depends on, the dataset, the seed
// and the augmentations (the schema's group of them): it is redrawn
// exactly when this changes.
func previewKey(cfg config.Config) string {
	var s string
	for _, f := range config.Fields() {
		if f.Group == config.GroupAugmentations || f.Name == "data" || f.Name == "seed" {
			s += f.Name + "=" + f.Get(&cfg) + "&"
		}
	}
	return s
}
