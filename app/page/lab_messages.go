package page

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/page/view"
	"sslab/app/session"
	"sslab/ml/train"
)

// receive applies a burst of worker messages; the Lab renders once after.
// Messages of another run than the current one (a run that was reset or
// replaced) are dropped; run 0 is no run: data and previews, or a worker
// that failed before any run, which concerns the current one too.
func (l *Lab) receive(ctx app.Context, msgs []session.Message) {
	var progress *session.Progress
	for _, m := range msgs {
		if m.Run != l.run && m.Run != 0 {
			continue
		}
		l.onText(m) // lab_text.go
		switch m.Type {
		case session.MsgReady, session.MsgAck:
			// The page changed its state when it asked.
		case session.MsgDataOK:
			if m.Dataset != nil {
				l.onDataLoaded(*m.Dataset)
			}
		case session.MsgPreview:
			// Previews belong to no run; keep the one for the settings shown.
			if c, err := session.DecodeQuery(m.Query); err == nil && previewKey(c) == l.previewKey {
				l.setCharts(map[string]string{session.ChartPreview: m.Charts[session.ChartPreview]})
			}
		case session.MsgProgress:
			l.setCharts(m.Charts)
			if m.Progress != nil {
				l.onProgress(*m.Progress)
				progress = m.Progress
			}
		case session.MsgSnapshot:
			l.setCharts(m.Charts)
			if m.Snapshot != nil {
				l.monitor = *m.Snapshot
				if l.status == view.StatusLoading {
					l.status = view.StatusPretraining
				}
			}
		case session.MsgResult:
			if m.Result != nil {
				l.onResult(ctx, m.Result, m.Charts) // its chart comes after the tables
			}
		case session.MsgConfusion:
			l.setCharts(m.Charts)
			l.confusion = m.Confusion
		case session.MsgEmbeddings:
			view.Download(resultFileBase(l.resultCfg.Preset, l.resultCfg.Seed)+"-embeddings.csv", "text/csv", m.Files[session.FileEmbeddings])
		case session.MsgCheckpoint:
			view.Download(checkpointFileName(l.resultCfg.Preset, l.resultCfg.Seed), "application/json", m.Files[session.FileCheckpoint])
		case session.MsgNotice:
			// News for the reader (a worker dropped), not the end of the run.
			l.notice = strings.TrimSpace(m.Message)
			postToParent("notice", map[string]any{"message": l.notice})
		case session.MsgError:
			l.onError(m)
		}
	}
	l.drawCharts(ctx)
	// One progress message per burst is plenty for an embedding page.
	if progress != nil {
		postToParent("progress", map[string]any{
			"phase": progress.Phase, "step": progress.Step, "total": progress.Total,
			"metrics": map[string]any{
				"loss": progress.Loss, "epoch": progress.Metrics.Epoch, "knn": progress.Metrics.KNN,
				"eff_rank": progress.Metrics.EffRank, "grad_norm": progress.Metrics.GradNorm,
			},
			"eta_seconds": progress.ETASeconds,
		})
	}
}

func (l *Lab) onProgress(p session.Progress) {
	paused := l.status == view.StatusPaused
	phase := view.StatusPretraining
	if p.Phase == session.PhaseAdapt {
		phase = view.StatusAdapting
		l.adapt = p
	} else {
		l.pretrain = p
	}
	if paused {
		l.pausedFrom = phase
	} else {
		l.status = phase
	}
}

// onResult shows the results, and a frame later ends the run: its status,
// the unlocked set-up, the confusion matrix asked for. The results'
// arrival is the page's heaviest update; in two tasks, neither blocks the
// page for long.
func (l *Lab) onResult(ctx app.Context, r *session.Result, charts map[string]string) {
	l.result = r
	cfg, err := session.DecodeQuery(r.Report.Query)
	if err != nil {
		cfg = l.cfg
	}
	l.resultCfg = cfg
	l.adapt.Step, l.adapt.ETASeconds = l.adapt.Total, 0
	afterTask(ctx, taskGap, func(ctx app.Context) {
		if l.result != r {
			return // reset, or another run, meanwhile
		}
		l.status, l.pausedFrom = view.StatusDone, view.StatusIdle
		l.setCharts(charts)
		l.drawCharts(ctx)
		rows := r.Rows
		if rows == nil {
			rows = []train.Row{}
		}
		postToParent("result", map[string]any{"rows": rows, "config": r.Report.Query})
		l.requestConfusion()
		collectAtRest()
	})
}

// onError applies an error: a refused file, a failed run, or a failed
// follow-up request.
func (l *Lab) onError(m session.Message) {
	msg := strings.TrimSpace(m.Message)
	if m.Param == session.ParamCSV {
		// A refused file: the earlier one, if any, stays. Not posted to an
		// embedding page: the message quotes the file.
		l.dataErr, l.dataLoading = msg, ""
		return
	}
	if msg == "" {
		msg = "the run failed"
	}
	postToParent("error", map[string]any{"message": msg, "param": m.Param})
	if l.status.Running() {
		l.status, l.failure = view.StatusFailed, msg
		return
	}
	// A follow-up request (confusion, checkpoint, adapt again) failed:
	// the run's results still stand.
	l.notice = msg
}
