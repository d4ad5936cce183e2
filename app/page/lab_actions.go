package page

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/page/view"
	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/data"
)

// handleActions registers the Lab's handlers of its panels' actions.
func (l *Lab) handleActions(ctx app.Context) {
	ctx.Handle(view.ActSetField, func(ctx app.Context, a app.Action) {
		if c, ok := a.Value.(view.FieldChange); ok {
			l.setField(c.Name, c.Value)
		}
	})
	ctx.Handle(view.ActToggleChoice, func(ctx app.Context, a app.Action) {
		if t, ok := a.Value.(view.ChoiceToggle); ok {
			l.toggleChoice(t)
		}
	})
	ctx.Handle(view.ActOpenBuilder, func(ctx app.Context, a app.Action) {
		o := view.DefaultEmbedOptions(l.cfg)
		l.builder = &o
	})
	ctx.Handle(view.ActCloseBuilder, func(ctx app.Context, a app.Action) { l.builder = nil })
	ctx.Handle(view.ActEmbedOption, func(ctx app.Context, a app.Action) {
		if c, ok := a.Value.(view.EmbedChange); ok && l.builder != nil {
			o := l.builder.Apply(c)
			l.builder = &o
		}
	})
	ctx.Handle(view.ActDrawer, func(ctx app.Context, a app.Action) {
		if open, ok := a.Value.(bool); ok {
			l.drawer = open
		}
	})
	ctx.Handle(view.ActPreset, func(ctx app.Context, a app.Action) {
		if name, ok := a.Value.(string); ok {
			l.setPreset(name)
		}
	})
	ctx.Handle(view.ActStart, func(ctx app.Context, a app.Action) { l.start(ctx, nil, false) })
	ctx.Handle(view.ActRestart, func(ctx app.Context, a app.Action) { l.restart() })
	ctx.Handle(view.ActPause, func(ctx app.Context, a app.Action) { l.pause() })
	ctx.Handle(view.ActResume, func(ctx app.Context, a app.Action) { l.resume() })
	ctx.Handle(view.ActReset, func(ctx app.Context, a app.Action) { l.reset() })
	ctx.Handle(view.ActShare, func(ctx app.Context, a app.Action) { l.share(ctx) })
	ctx.Handle(view.ActShowSetup, func(ctx app.Context, a app.Action) {
		if !l.showPanel("setup") {
			l.setField("panels", strings.Join(append([]string{"setup"}, l.cfg.Panels...), ","))
		}
	})
	ctx.Handle(view.ActBudget, func(ctx app.Context, a app.Action) {
		if shots, ok := a.Value.(int); ok {
			l.setBudget(shots)
		}
	})
	ctx.Handle(view.ActReadapt, func(ctx app.Context, a app.Action) { l.readapt() })
	ctx.Handle(view.ActApproach, func(ctx app.Context, a app.Action) {
		if ap, ok := a.Value.(session.Approach); ok {
			l.approach = ap
			l.requestConfusion()
		}
	})
	ctx.Handle(view.ActDownload, func(ctx app.Context, a app.Action) {
		if kind, ok := a.Value.(string); ok {
			l.download(kind)
		}
	})
	ctx.Handle(view.ActSaveEncoder, func(ctx app.Context, a app.Action) {
		if l.result != nil && l.Trainer != nil {
			l.Trainer.Post(session.Message{Type: session.MsgCheckpoint, Run: l.run})
		}
	})
	ctx.Handle(view.ActLoadData, func(ctx app.Context, a app.Action) {
		if f, ok := a.Value.(view.DataFile); ok {
			l.loadData(f)
		}
	})
	ctx.Handle(view.ActRefuseData, func(ctx app.Context, a app.Action) {
		if msg, ok := a.Value.(string); ok {
			l.dataErr, l.dataLoading = msg, ""
		}
	})
	ctx.Handle(view.ActRefuseFile, func(ctx app.Context, a app.Action) {
		if msg, ok := a.Value.(string); ok {
			l.notice = msg
		}
	})
	ctx.Handle(view.ActLoadEncoder, func(ctx app.Context, a app.Action) {
		if f, ok := a.Value.(view.LoadedFile); ok {
			l.start(ctx, &f, false)
		}
	})
	l.handleTextActions(ctx) // lab_text.go
}

// setField applies a control's new text to the config, or records why it
// was refused; the URL follows every accepted change.
func (l *Lab) setField(name, value string) {
	f, ok := config.Lookup(name)
	if !ok || l.status.Running() {
		return
	}
	next := l.cfg.Clone()
	if err := f.Set(&next, value); err != nil {
		l.setFieldError(name, refusal(err))
		return
	}
	// A setting the change leaves without effect (the temperature when
	// the objective is no longer SimCLR) goes back to the preset's value,
	// which Validate requires and the URL can then leave out.
	next = next.WithoutInapplicable()
	if next.Dataset == config.CSVDataset && l.cfg.Dataset != config.CSVDataset && l.userData == nil {
		l.setFieldError(name, "“csv” is your own file: load a CSV file under “Your own data (CSV)” first.")
		return
	}
	if err := next.Validate(); err != nil {
		l.setFieldError(name, refusal(err))
		return
	}
	l.setFieldError(name, "")
	l.cfg = next
	l.syncURL()
}

// toggleChoice turns one choice of a list field on or off, starting from
// the config as it is now, and keeps the choices in display order.
func (l *Lab) toggleChoice(t view.ChoiceToggle) {
	f, ok := config.Lookup(t.Name)
	if !ok || f.Kind != config.StringList {
		return
	}
	current := strings.Split(f.Get(&l.cfg), ",")
	var next []string
	for _, c := range f.Choices {
		if c == t.Choice && t.On || c != t.Choice && slices.Contains(current, c) {
			next = append(next, c)
		}
	}
	l.setField(t.Name, strings.Join(next, ","))
}

// setFieldError records why a value for name was refused ("" clears it),
// in a new map: see setCharts.
func (l *Lab) setFieldError(name, msg string) {
	next := maps.Clone(l.fieldErrs)
	if next == nil {
		next = map[string]string{}
	}
	if msg == "" {
		delete(next, name)
	} else {
		next[name] = msg
	}
	l.fieldErrs = next
}

// refusal is the text shown under a control whose value was refused: the
// error without the "parameter ..." prefix the control already shows.
func refusal(err error) string {
	var es config.Errors
	if e, ok := err.(*config.ParamError); ok {
		es = config.Errors{e}
	} else if e, ok := err.(config.Errors); ok {
		es = e
	}
	if len(es) == 0 {
		return err.Error()
	}
	e := es[0]
	if e.Value == "" {
		return "An empty value " + e.Msg + "."
	}
	return "“" + e.Value + "” " + e.Msg + "."
}

// loadData sends a file the learner picked to the worker to parse; the
// reply (data-ok or an error about the file) arrives in receive.
func (l *Lab) loadData(f view.DataFile) {
	if l.Trainer == nil || l.status.Running() {
		return
	}
	w, h, err := data.ParseImageSize(f.Image)
	if err != nil {
		l.dataErr, l.dataLoading = f.Name+": "+err.Error(), ""
		return
	}
	l.dataErr, l.dataLoading = "", f.Name
	l.Trainer.Post(session.Message{Type: session.MsgData,
		Data:  &session.DataFile{Name: f.Name, Label: f.Label, Header: f.Header, Width: w, Height: h},
		Files: map[string]string{session.FileData: f.Text}})
}

// onDataLoaded switches the config to the file the worker accepted:
// data csv, standardised, on a task its labels support.
func (l *Lab) onDataLoaded(info session.DataInfo) {
	l.userData, l.dataErr, l.dataLoading = &info, "", ""
	if l.status.Running() {
		return
	}
	next := l.cfg.Clone()
	next.Dataset, next.Standardize = config.CSVDataset, true
	if len(info.Tasks) > 0 && !slices.Contains(info.Tasks, next.Task) {
		next.Task = info.Tasks[0]
	}
	if next.IsRegression() && next.Shots == 0 {
		next.Shots = -1 // zero-shot needs classes
	}
	// A batch larger than the training split cannot be drawn: take the
	// largest power of two that fits in the three quarters trained on.
	if fit := info.Rows * 3 / 4; next.Batch > fit {
		b := 4
		for b*2 <= fit {
			b *= 2
		}
		next.Batch = b
	}
	next = next.WithoutInapplicable()
	if next.Validate() != nil {
		return
	}
	l.cfg = next
	l.setFieldError("data", "")
	l.syncURL()
}

// setPreset replaces the model and training settings by a preset's,
// keeping how the page is laid out.
func (l *Lab) setPreset(name string) {
	c, err := config.Preset(name)
	if err != nil || l.status.Running() {
		return
	}
	c.Panels, c.Embed, c.Autorun = slices.Clone(l.cfg.Panels), l.cfg.Embed, l.cfg.Autorun
	l.cfg = c
	l.fieldErrs = map[string]string{}
	l.syncURL()
}

func (l *Lab) syncURL() {
	replaceQuery(l.cfg.Query())
	l.shareURL, l.shareStatus = "", ""
	l.requestPreview()
}

// requestPreview asks the worker to draw the augmentations of the current
// settings, when they changed since the last request.
func (l *Lab) requestPreview() {
	key := previewKey(l.cfg)
	if l.Trainer == nil || key == l.previewKey || l.cfg.Kind() != config.Images {
		return
	}
	l.previewKey = key
	l.Trainer.Post(session.Message{Type: session.MsgPreview, Query: l.cfg.Query()})
}

// start begins a run: pretraining, or, with file or a ckpt parameter,
// adapting a saved encoder. autorun says no click asked for it (autorun=1,
// a parent's command): the worker then checks its cost first.
func (l *Lab) start(ctx app.Context, file *view.LoadedFile, autorun bool) {
	if l.Trainer == nil || l.status.Running() {
		return
	}
	l.run++
	l.status, l.pausedFrom = view.StatusLoading, view.StatusIdle
	l.pretrain, l.adapt = session.Progress{Phase: session.PhasePretrain}, session.Progress{Phase: session.PhaseAdapt}
	l.clearRun()
	m := session.Message{Type: session.MsgStart, Run: l.run, Query: l.cfg.Query(), Autorun: autorun}
	switch {
	case file != nil:
		m.Files, l.checkpoint = map[string]string{session.FileCheckpoint: file.Text}, file.Name
	case l.cfg.Checkpoint != "":
		m.CheckpointURL = absoluteURL(ctx.ResolveStaticResource("/web/checkpoints/" + url.PathEscape(l.cfg.Checkpoint)))
		l.checkpoint = l.cfg.Checkpoint
	}
	l.Trainer.Post(m)
}

func (l *Lab) pause() {
	if l.status != view.StatusPretraining && l.status != view.StatusAdapting && l.status != view.StatusLoading {
		return
	}
	l.pausedFrom, l.status, l.held = l.status, view.StatusPaused, ""
	l.Trainer.Post(session.Message{Type: session.MsgPause, Run: l.run})
}

func (l *Lab) resume() {
	if l.status != view.StatusPaused {
		return
	}
	l.status = l.pausedFrom
	l.Trainer.Post(session.Message{Type: session.MsgResume, Run: l.run})
}

// reset abandons the run and clears its results; the settings stay.
func (l *Lab) reset() {
	if l.Trainer != nil && l.status.Running() {
		l.Trainer.Post(session.Message{Type: session.MsgCancel, Run: l.run})
	}
	l.run++ // late replies of the abandoned run are dropped
	l.status, l.pausedFrom = view.StatusIdle, view.StatusIdle
	l.pretrain, l.adapt = session.Progress{}, session.Progress{}
	l.clearRun()
}

// clearRun forgets everything a run produced; the preview of the settings
// stays.
func (l *Lab) clearRun() {
	l.charts = map[string]string{session.ChartPreview: l.charts[session.ChartPreview]}
	maps.DeleteFunc(l.queued, func(id, _ string) bool { return id != session.ChartPreview })
	l.monitor, l.result, l.confusion = session.Snapshot{}, nil, nil
	l.failure, l.notice, l.checkpoint, l.cost = "", "", "", nil
	l.text = textState{}
}

// restart replaces a training worker that failed by a fresh one (which
// gets the loaded CSV file again); Start waits for its ready.
func (l *Lab) restart() {
	r, ok := l.Trainer.(interface{ Restart() })
	if !ok {
		return
	}
	l.run++ // whatever the old worker still sends is dropped
	l.workerReady, l.workerDown, l.workerMsg = false, "", ""
	l.status, l.pausedFrom = view.StatusIdle, view.StatusIdle
	l.pretrain, l.adapt = session.Progress{}, session.Progress{}
	l.clearRun()
	l.previewKey = ""
	r.Restart()
	l.requestPreview()
}

// setBudget selects the label budget the adaptation view shows.
func (l *Lab) setBudget(shots int) {
	if l.status.Running() {
		return
	}
	l.setField("shots", strconv.Itoa(shots))
	if l.fieldErrs["shots"] == "" {
		l.requestConfusion()
	}
}

// readapt adapts the finished run's encoder again at the selected budget.
func (l *Lab) readapt() {
	if l.Trainer == nil || l.status != view.StatusDone || !session.SamePretraining(l.cfg, l.resultCfg) {
		return
	}
	l.status = view.StatusAdapting
	l.adapt = session.Progress{Phase: session.PhaseAdapt}
	l.confusion = nil
	l.setCharts(map[string]string{session.ChartConfusion: ""})
	l.Trainer.Post(session.Message{Type: session.MsgAdapt, Run: l.run, Query: l.cfg.Query()})
}

// requestConfusion asks for the confusion matrix of the selected approach
// at the selected budget.
func (l *Lab) requestConfusion() {
	if l.Trainer == nil || l.result == nil || l.status != view.StatusDone || l.cfg.Task != config.Classification {
		return
	}
	if !session.SamePretraining(l.cfg, l.resultCfg) {
		return
	}
	ap := l.approach
	ap.Shots = l.cfg.Shots
	if ap.Shots == 0 && (ap.Adaptation == "linear-probe" || ap.Adaptation == "finetune") {
		return // needs labels; the view says so
	}
	l.confusion = nil
	l.setCharts(map[string]string{session.ChartConfusion: ""})
	l.Trainer.Post(session.Message{Type: session.MsgConfusion, Run: l.run, Approach: &ap})
}

// share copies the page's URL, which holds the whole state, to the
// clipboard, or shows it for copying by hand where that is not allowed.
func (l *Lab) share(ctx app.Context) {
	u := pageURL()
	if u == "" {
		return
	}
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		l.shareURL, l.shareStatus = u, "Copy this link:"
		return
	}
	var ok, fail app.Func
	settle := func(shown, status string) {
		ctx.Dispatch(func(ctx app.Context) { l.shareURL, l.shareStatus = shown, status })
		ok.Release()
		fail.Release()
	}
	ok = app.FuncOf(func(this app.Value, args []app.Value) any {
		settle("", "Link copied to the clipboard.")
		return nil
	})
	fail = app.FuncOf(func(this app.Value, args []app.Value) any {
		// Not allowed here (an iframe without the permission, say).
		settle(u, "Copy this link:")
		return nil
	})
	clip.Call("writeText", u).Call("then", ok, fail)
}
