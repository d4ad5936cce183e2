package view

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
)

func TestRunBarButtons(t *testing.T) {
	for _, tc := range []struct {
		status           Status
		start, pause     bool // enabled
		resume, reset    bool // shown / enabled
		progressContains string
	}{
		{StatusIdle, true, false, false, false, "Press Start"},
		{StatusPretraining, false, true, false, true, "Pretraining: step 3 of 9"},
		{StatusPaused, false, false, true, true, "Paused."},
		{StatusDone, true, false, false, true, "Done."},
	} {
		bar := &RunBar{Status: tc.status, PausedFrom: StatusPretraining, HasTrainer: true,
			Pretrain: session.Progress{Phase: session.PhasePretrain, Step: 3, Total: 9, Loss: 1.5, ETASeconds: 4}}
		e := app.NewTestEngine()
		if err := e.Load(bar); err != nil {
			t.Fatal(err)
		}
		e.ConsumeAll()
		h := pageHTML(t, bar)
		enabled := func(id string) bool {
			m := regexp.MustCompile(`<button[^>]*id="` + id + `"[^>]*>`).FindString(h)
			return m != "" && !strings.Contains(m, "disabled")
		}
		if enabled("btn-start") != tc.start || enabled("btn-pause") != tc.pause || enabled("btn-reset") != tc.reset {
			t.Errorf("%v: start %v pause %v reset %v", tc.status, enabled("btn-start"), enabled("btn-pause"), enabled("btn-reset"))
		}
		if strings.Contains(h, `id="btn-resume"`) != tc.resume {
			t.Errorf("%v: resume button shown %v", tc.status, !tc.resume)
		}
		if !strings.Contains(h, tc.progressContains) {
			t.Errorf("%v: progress text lacks %q", tc.status, tc.progressContains)
		}
	}
}
