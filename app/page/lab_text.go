package page

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/page/view"
	"sslab/app/session"
)

// textState is what the page holds of a text run beside the shared
// state: the latest snapshot's insight and the model's latest answer.
type textState struct {
	insight *session.TextInsight
	answer  *session.Answer
	asking  bool
}

// longCheckpoint is the shipped encoder of the long text preset.
const longCheckpoint = "brown-mlm-long.json"

// onText applies a worker message's text parts.
func (l *Lab) onText(m session.Message) {
	switch {
	case m.Type == session.MsgSnapshot && m.Text != nil:
		l.text.insight = m.Text
	case m.Type == session.MsgAnswer:
		l.text.answer, l.text.asking = m.Answer, false
	}
}

// handleTextActions handles the text panel's actions.
func (l *Lab) handleTextActions(ctx app.Context) {
	ctx.Handle(view.ActAsk, func(ctx app.Context, a app.Action) {
		q, ok := a.Value.(session.Ask)
		if !ok || l.Trainer == nil || l.status != view.StatusDone || l.text.asking {
			return
		}
		l.text.asking = true
		l.Trainer.Post(session.Message{Type: session.MsgAsk, Run: l.run, Ask: &q})
	})
}

// textPanel is the text view of the current config and run.
func (l *Lab) textPanel() app.UI {
	return &view.TextPanel{Config: l.cfg, Charts: l.charts, Monitor: l.monitor.Monitor, Insight: l.text.insight,
		Answer: l.text.answer, Asking: l.text.asking, Done: l.status == view.StatusDone && l.result != nil,
		LongCheckpoint: longCheckpoint}
}
