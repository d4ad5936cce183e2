package view

import (
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
	return app.Section().Class("run-bar").Aria("label", "Run").Body(
		app.Div().Class("run-buttons").Body(
			disabledIf(app.Button().Class("btn btn-primary").ID("btn-start").Type("button"),
				s.Running() || !b.HasTrainer).
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActStart) }).
				Text(startLabel),
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
		),
		b.renderProgress(phase),
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
			" · loss " + fixed(p.Loss, 3) + " · " + timeLeft(p.ETASeconds)
	case StatusAdapting:
		p := b.Adapt
		done, total = p.Step, p.Total
		text = "Adapting to the labelled task: preparing the features…"
		if p.Total > 0 {
			text = "Adapting to the labelled task: " + itoa(p.Step) + " of " + itoa(p.Total) + " evaluations"
		}
		if p.Step > 0 {
			text += " · " + timeLeft(p.ETASeconds)
		}
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
