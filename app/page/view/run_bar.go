package view

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
	"sslab/ml/train"
)

// RunBar holds the run's controls (start, pause, resume, reset, share), its
// progress with an estimate of the time left, and what went wrong.
type RunBar struct {
	app.Compo

	Status      Status
	PausedFrom  Status
	Pretrain    session.Progress
	Adapt       session.Progress
	Failure     string
	Notice      string
	ShareURL    string
	ShareStatus string
	Stale       bool // the settings changed since the shown result
	// Report summarises the finished run (nil before).
	Report     *train.Report
	HasTrainer bool
	// OfferSetup shows a button bringing back a hidden set-up column.
	OfferSetup bool
	// Drawer says the set-up column is a drawer (narrow screens), open or
	// not: the bar's Set-up button opens it. HasSetup: there is a column.
	HasSetup, Drawer bool

	// The training worker: ready, or failed (WorkerDown its code, WorkerMsg
	// what happened); CanRestart offers a fresh one.
	WorkerReady bool
	WorkerDown  string
	WorkerMsg   string
	CanRestart  bool
	// Cost is the estimate of a large run a link asked for, waiting for a
	// click (nil if none).
	Cost *session.Cost
	// DataNotice warns that Start trains on other data than a file the
	// reader tried to load.
	DataNotice string
}

// startBlocked says why Start is disabled while nothing runs, or "".
func (b *RunBar) startBlocked() string {
	switch {
	case !b.HasTrainer:
		return ""
	case b.WorkerDown != "" && b.CanRestart:
		return "Restart the worker to train again."
	case b.WorkerDown != "":
		return "Reload the page to try again."
	case !b.WorkerReady:
		return "Start waits for the training worker, which is loading…"
	}
	return ""
}

func (b *RunBar) Render() app.UI {
	s := b.Status
	startLabel := "Start"
	if s == StatusDone || s == StatusFailed {
		startLabel = "Train again"
	}
	phase := s
	if s == StatusPaused {
		phase = b.PausedFrom
	}
	blocked := b.startBlocked()
	start := disabledIf(app.Button().Class("btn btn-primary").ID("btn-start").Type("button"),
		s.Running() || !b.HasTrainer || blocked != "")
	if blocked != "" {
		start = start.Aria("describedby", "start-blocked")
	}
	return app.Section().Class("run-bar").Aria("label", "Run").Body(
		app.Div().Class("run-buttons").Body(
			start.OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActStart) }).Text(startLabel),
			app.If(s == StatusPaused, func() app.UI {
				return app.Button().Class("btn").ID("btn-resume").Type("button").
					OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActResume) }).Text("Resume")
			}).Else(func() app.UI {
				return disabledIf(app.Button().Class("btn").ID("btn-pause").Type("button"),
					s != StatusPretraining && s != StatusAdapting && s != StatusLoading).
					OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActPause) }).Text("Pause")
			}),
			disabledIf(app.Button().Class("btn").ID("btn-reset").Type("button"),
				s == StatusIdle).
				Title("Stop the run and clear its results; the settings stay").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActReset) }).Text("Reset"),
			app.If(b.OfferSetup, func() app.UI {
				return app.Button().Class("btn btn-quiet").ID("btn-show-setup").Type("button").
					OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActShowSetup) }).Text("Show set-up")
			}),
			app.Button().Class("btn btn-quiet").ID("btn-share").Type("button").
				Title("Copy a link to this page with every setting, the seed included").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActShare) }).Text("Share"),
			// On narrow screens the set-up column is a drawer this opens.
			app.If(b.HasSetup, func() app.UI {
				return app.Button().Class("btn btn-quiet drawer-button").ID("btn-setup").Type("button").
					Aria("expanded", b.Drawer).Aria("controls", "setup").
					OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(ActDrawer, !b.Drawer) }).Text("Set-up")
			}),
			GlossaryButton(),
		),
		b.renderProgress(phase),
		app.If(blocked != "" && b.WorkerDown == "", func() app.UI {
			return app.P().Class("start-blocked").ID("start-blocked").Role("status").Text(blocked)
		}),
		app.If(b.WorkerDown != "", func() app.UI {
			return app.Div().Class("alert alert-error worker-down").ID("worker-down").Role("alert").Body(
				// A run it stopped says what happened in its failure above.
				app.P().ID("start-blocked").Text(b.workerText(blocked)),
				app.If(b.CanRestart, func() app.UI {
					return app.Button().Class("btn btn-primary btn-small").ID("btn-restart").Type("button").
						OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActRestart) }).Text("Restart the worker")
				}),
			)
		}),
		app.If(b.Cost != nil, func() app.UI { return b.renderCost() }),
		app.If(b.DataNotice != "", func() app.UI {
			return app.P().Class("alert alert-notice").ID("data-notice").Role("status").Text(b.DataNotice)
		}),
		app.If(b.ShareStatus != "", func() app.UI {
			return app.Div().Class("share").Body(
				app.Label().For("share-url").Class("share-status").Text(b.ShareStatus),
				app.If(b.ShareURL != "", func() app.UI {
					return app.Input().ID("share-url").Type("text").ReadOnly(true).Value(b.ShareURL).
						OnFocus(func(ctx app.Context, e app.Event) { ctx.JSSrc().Call("select") })
				}),
			)
		}),
		app.If(b.Failure != "", func() app.UI {
			return app.P().Class("alert alert-error").ID("run-failure").Role("alert").Text(capitalize(b.Failure))
		}),
		app.If(b.Notice != "", func() app.UI {
			return app.P().Class("alert alert-notice").Role("status").Text(capitalize(b.Notice))
		}),
		app.If(b.Stale, func() app.UI {
			return app.P().Class("alert alert-notice").Role("status").
				Text("The settings changed since this run: its results are for the earlier settings. Start to train with the new ones.")
		}),
	)
}

// renderCost shows the estimate of a run a link asked for and waits for a
// click to start it.
func (b *RunBar) renderCost() app.UI {
	c := b.Cost
	text := "This run is large, so it did not start by itself: "
	var parts []string
	if c.Steps > 0 {
		parts = append(parts, groupThousands(c.Steps)+" steps")
	}
	if c.GFLOP > 0 {
		parts = append(parts, fixed(c.GFLOP, 1)+" GFLOP")
	}
	if c.MBytes > 0 {
		parts = append(parts, "about "+groupThousands(int(c.MBytes+0.5))+" MB of memory")
	}
	if len(parts) == 0 {
		parts = append(parts, "its size was not estimated")
	}
	text += strings.Join(parts, ", ")
	if c.Seconds > 0 {
		text += "; an estimated " + duration(c.Seconds) + " on this machine"
	}
	text += "."
	return app.Div().Class("alert alert-notice cost").ID("cost-confirm").Role("status").Body(
		app.P().Text(text),
		app.Button().Class("btn btn-primary btn-small").ID("btn-cost-start").Type("button").
			OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActStart) }).Text("Start this run"),
	)
}

// workerText says what happened to the worker, unless the run's failure
// says it, and what to do.
func (b *RunBar) workerText(todo string) string {
	if b.Failure != "" || b.WorkerMsg == "" {
		return todo
	}
	return capitalize(b.WorkerMsg) + sentenceEnd(b.WorkerMsg) + " " + todo
}

// sentenceEnd is "." unless s ends a sentence already.
func sentenceEnd(s string) string {
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return ""
	}
	return "."
}

// renderProgress draws the phase's progress bar and its one-line summary.
func (b *RunBar) renderProgress(phase Status) app.UI {
	var done, total int
	var text string
	switch phase {
	case StatusLoading:
		text = "Loading the data and the model…"
	case StatusPretraining:
		p := b.Pretrain
		done, total = p.Step, p.Total
		text = "Pretraining: step " + groupThousands(p.Step) + " of " + groupThousands(p.Total) +
			" · loss " + fixed(p.Loss, 3) + " · " + progressLeft(p)
	case StatusAdapting:
		p := b.Adapt
		done, total = p.Step, p.Total
		text = "Adapting to the labelled task: preparing the features…"
		if p.Total > 0 {
			text = "Adapting to the labelled task: " + itoa(p.Step) + " of " + itoa(p.Total) + " evaluations"
		}
		// No time left: the evaluations' costs differ too much for
		// their rate to tell (session.Progress.ETASeconds is -1).
	case StatusDone:
		done, total = 1, 1
		text = "Done."
		if r := b.Report; r != nil {
			if r.PretrainSeconds > 0 {
				text += " Pretrained for " + groupThousands(r.Steps) + " steps in " + fixed(r.PretrainSeconds, 1) + " s"
				if r.PretrainGFLOP > 0 {
					text += " (" + fixed(r.PretrainGFLOP, 1) + " GFLOP)"
				}
			} else {
				text += " Loaded the encoder from a checkpoint"
			}
			text += ", then adapted and evaluated it in " + fixed(r.AdaptSeconds, 1) + " s."
		}
	case StatusFailed:
		text = "The run stopped."
	default:
		text = "Ready. Press Start to pretrain with these settings."
		if b.startBlocked() != "" {
			text = "Loading the training worker…"
			if b.WorkerDown != "" {
				text = "The training worker failed."
			}
		}
	}
	if b.Status == StatusPaused {
		text = "Paused. " + text
	}
	pct := 0.0
	if total > 0 {
		pct = 100 * float64(done) / float64(total)
	}
	return app.Div().Class("progress").Body(
		app.Div().Class("progress-track").Role("progressbar").
			Aria("label", "Run progress").Aria("valuemin", 0).Aria("valuemax", 100).Aria("valuenow", int(pct)).
			// Scaled, not sized: the compositor animates a transform
			// without laying out or repainting the page, which a width
			// transition did at every frame of the run.
			Body(app.Div().Class("progress-fill").Style("transform", "scaleX("+fixed(pct/100, 4)+")")),
		app.P().Class("progress-text").ID("progress-text").Aria("live", "polite").Text(text),
	)
}
