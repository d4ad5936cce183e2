package page

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/page/view"
	"sslab/app/session"
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
		case session.MsgReady:
			// From now on the lab takes commands: tell the parent.
			l.workerReady, l.workerDown, l.workerMsg = true, "", ""
			l.postMsg(readyMsg(l.cfg))
		case session.MsgAck:
			// The page changed its state when it asked; a pause's
			// acknowledgement says where the worker holds.
			if a := m.Ack; a != nil && a.Of == session.MsgPause && a.Applied && l.status == view.StatusPaused {
				l.held = a.Phase + " " + strconv.Itoa(a.Step)
			}
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
			var names []string
			if l.result != nil {
				names = l.result.ClassNames
			}
			view.Download(l.fileBase()+"-embeddings.csv", "text/csv", withClassNames(m.Files[session.FileEmbeddings], names))
		case session.MsgCheckpoint:
			view.Download(checkpointFileName(l.fileStem(), l.resultCfg.Seed), "application/json", m.Files[session.FileCheckpoint])
		case session.MsgNotice:
			// News for the reader (a worker dropped), not the end of the run;
			// one worker only is said in the reader's words: its fix is the
			// host's (README, Hosting).
			l.notice = strings.TrimSpace(m.Message)
			if m.Code == session.CodeOneWorker {
				l.notice = oneCoreNotice
			}
			l.postMsg(noticeMsg(m.Code))
		case session.MsgError:
			l.onError(m)
		}
	}
	l.drawCharts(ctx)
	// One progress message per burst is plenty for an embedding page.
	if progress != nil {
		l.postMsg(progressMsg(*progress))
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
		l.postMsg(resultMsg(r.Rows, r.Report.Query))
		l.requestConfusion()
		collectAtRest()
	})
}

// onError applies an error: a refused file, a worker that failed, a run
// that waits for a click, a failed run, or a failed follow-up request. The
// message is shown on the page; the embedding page gets its code only.
func (l *Lab) onError(m session.Message) {
	msg := strings.TrimSpace(m.Message)
	if m.Param == session.ParamCSV {
		// A refused file: the earlier one, if any, stays.
		l.dataErr, l.dataLoading = msg, ""
		l.postMsg(errorMsg(session.CodeBadFile, session.CodeBadFile, "", nil, ""))
		return
	}
	if m.Code == session.CodeCostConfirm {
		// A run a link asked for that is too large to start unasked: the
		// estimate is shown with a Start button, and nothing runs.
		l.cost = m.Cost
		if l.cost == nil {
			l.cost = &session.Cost{}
		}
		l.status, l.pausedFrom = view.StatusIdle, view.StatusIdle
		l.postMsg(errorMsg(m.Code, codeRunFailed, "", nil, ""))
		return
	}
	// A worker that did not start or stopped answering, with the liveness
	// code, or an error before the worker ever said ready (its script or
	// binary failed to load).
	down := m.Code == session.CodeWorkerUnavailable || m.Code == session.CodeWorkerStopped ||
		!l.workerReady && m.Run == 0 && m.Param == ""
	if down {
		l.workerReady, l.workerDown = false, m.Code
		if l.workerDown == "" {
			l.workerDown = session.CodeWorkerUnavailable
		}
		if msg == "" {
			msg = session.CodeText(l.workerDown)
		}
		l.workerMsg = msg
	}
	if msg == "" {
		msg = "the run failed"
	}
	l.postMsg(errorMsg(m.Code, codeRunFailed, m.Param, nil, ""))
	if l.status.Running() {
		l.status, l.failure = view.StatusFailed, msg
		return
	}
	if down {
		return // the run bar says so, with what to do
	}
	// A follow-up request (confusion, checkpoint, adapt again) failed:
	// the run's results still stand.
	l.notice = msg
}
