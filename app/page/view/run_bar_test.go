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
		bar := &RunBar{Status: tc.status, PausedFrom: StatusPretraining, HasTrainer: true, WorkerReady: true,
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

// TestRunBarWorker checks that Start is disabled, saying why, while the
// training worker loads and after it failed, and that a failed worker
// gets a Restart button.
func TestRunBarWorker(t *testing.T) {
	for _, tc := range []struct {
		bar     RunBar
		want    []string
		restart bool
	}{
		{RunBar{HasTrainer: true}, []string{"Start waits for the training worker", "Loading the training worker"}, false},
		{RunBar{HasTrainer: true, WorkerDown: session.CodeWorkerUnavailable, WorkerMsg: "the training worker could not start: 500",
			CanRestart: true}, []string{"The training worker could not start: 500.", "Restart the worker to train again."}, true},
		{RunBar{HasTrainer: true, WorkerDown: session.CodeWorkerUnavailable, WorkerMsg: "the training worker could not start: 500"},
			[]string{"The training worker could not start: 500.", "Reload the page to try again."}, false},
	} {
		bar := mount(t, &tc.bar)
		h := pageHTML(t, bar)
		start := regexp.MustCompile(`<button[^>]*id="btn-start"[^>]*>`).FindString(h)
		if !strings.Contains(start, "disabled") || !strings.Contains(start, `aria-describedby="start-blocked"`) {
			t.Errorf("Start while the worker is not ready: %s", start)
		}
		for _, w := range tc.want {
			if !strings.Contains(h, w) {
				t.Errorf("run bar lacks %q", w)
			}
		}
		if strings.Contains(h, `id="btn-restart"`) != tc.restart {
			t.Errorf("restart button shown: %v, want %v", !tc.restart, tc.restart)
		}
	}
}

// TestRunBarCost checks that a large run a link asked for shows its
// estimate and a button to start it.
func TestRunBarCost(t *testing.T) {
	bar := mount(t, &RunBar{HasTrainer: true, WorkerReady: true,
		Cost: &session.Cost{Steps: 20000, GFLOP: 912.4, MBytes: 540.2, Seconds: 300}})
	h := pageHTML(t, bar)
	for _, w := range []string{"20,000 steps", "912.4 GFLOP", "about 540 MB of memory", "an estimated 5 min", `id="btn-cost-start"`} {
		if !strings.Contains(h, w) {
			t.Errorf("cost notice lacks %q", w)
		}
	}
}

// TestProgressLeft checks the time left: estimating until a tenth of the
// phase is done, then the estimate.
func TestProgressLeft(t *testing.T) {
	for _, tc := range []struct {
		p    session.Progress
		want string
	}{
		{session.Progress{Step: 4, Total: 200, ETASeconds: 240}, "estimating…"},
		{session.Progress{Step: 19, Total: 200, ETASeconds: 30}, "estimating…"},
		{session.Progress{Step: 20, Total: 200, ETASeconds: 30}, "about 30 s left"},
		{session.Progress{Step: 100, Total: 200, ETASeconds: -1}, "estimating…"},
		{session.Progress{Step: 100, Total: 200, ETASeconds: 200}, "about 3 min left"},
		{session.Progress{Step: 199, Total: 200, ETASeconds: 0.2}, "almost done"},
	} {
		if got := progressLeft(tc.p); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.p, got, tc.want)
		}
	}
}
