package session

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var recordETA = flag.Bool("record-eta", false, "record the progress of native runs into testdata/eta")

// progressLog is a run's progress as the page saw it: per message, the
// phase, units done, the phase's total and the time since the run began.
type progressLog struct {
	name  string
	phase []string
	done  []int
	total []int
	at    []time.Duration
}

// readProgressLog reads a recording: lines "phase done total seconds".
func readProgressLog(t *testing.T, path string) progressLog {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l := progressLog{name: filepath.Base(path)}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var phase string
		var done, total int
		var sec float64
		if _, err := fmt.Sscan(line, &phase, &done, &total, &sec); err != nil {
			t.Fatalf("%s: %q: %v", path, line, err)
		}
		l.phase, l.done, l.total = append(l.phase, phase), append(l.done, done), append(l.total, total)
		l.at = append(l.at, time.Duration(sec*float64(time.Second)))
	}
	return l
}

// TestETAOnRecordedRuns replays the pretraining of recorded runs
// (testdata/eta: in Chromium, where the first steps carry the warm-up, on
// this shared 2-core machine, whose rate swings from 4 to 90 steps a
// second) through ETA and checks every estimate once a tenth of the phase
// is done against the time it really took to finish: within 30%, or
// within a second (the page shows whole seconds). Before that it must say
// it is estimating. (The average since the start, the estimator before
// ETA, misses on 71 of the 192 points of browser-digits-byol-shots5.)
// Adaptation gets no estimate: its jobs' costs differ by tens of times.
func TestETAOnRecordedRuns(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "eta", "*.txt"))
	if len(files) < 1 {
		t.Fatalf("want recordings in testdata/eta, have %v", files)
	}
	for _, path := range files {
		l := readProgressLog(t, path)
		for _, phase := range []string{PhasePretrain} {
			var idx []int
			for i, p := range l.phase {
				if p == phase {
					idx = append(idx, i)
				}
			}
			if len(idx) < 5 || l.done[idx[len(idx)-1]] != l.total[idx[0]] {
				continue // a phase too short to estimate, or not finished
			}
			start, end := l.at[idx[0]], l.at[idx[len(idx)-1]]
			var e ETA
			checked, worst := 0, 0.0
			for _, i := range idx {
				e.Observe(l.done[i], l.at[i]-start)
				got := e.Seconds(l.total[i])
				truth := (end - l.at[i]).Seconds()
				if l.done[i]*10 < l.total[i] {
					if got != -1 {
						t.Errorf("%s %s at %d of %d: %.1f s before a tenth is done, want -1 (estimating)", l.name, phase, l.done[i], l.total[i], got)
					}
					continue
				}
				if l.done[i] == l.total[i] {
					continue
				}
				checked++
				if err := math.Abs(got - truth); err > max(0.3*truth, 1) {
					t.Errorf("%s %s at %d of %d: %.1f s left, truth %.1f s", l.name, phase, l.done[i], l.total[i], got, truth)
				} else if truth > 0 {
					worst = max(worst, err/truth)
				}
			}
			if checked == 0 {
				t.Errorf("%s %s: no estimate checked", l.name, phase)
			}
		}
	}
}

// TestETA checks the estimator on made-up runs: a slow warm-up does not
// linger, a steady rate is extrapolated, and a phase not yet a tenth done
// has no estimate.
func TestETA(t *testing.T) {
	var e ETA
	if got := e.Seconds(100); got != -1 {
		t.Errorf("no observation: %v", got)
	}
	// 5 s of warm-up for the first 4 steps, then 10 steps a second.
	at := func(done int) time.Duration {
		if done <= 4 {
			return time.Duration(done) * 1250 * time.Millisecond
		}
		return 5*time.Second + time.Duration(done-4)*100*time.Millisecond
	}
	for done := 1; done <= 200; done++ {
		e.Observe(done, at(done))
		got := e.Seconds(200)
		if done < 20 {
			if got != -1 {
				t.Fatalf("step %d: %v before a tenth is done", done, got)
			}
			continue
		}
		truth := (at(200) - at(done)).Seconds()
		if math.Abs(got-truth) > max(0.3*truth, 1) {
			t.Errorf("step %d: %.2f s left, truth %.2f s", done, got, truth)
		}
	}
	if got := e.Seconds(200); got != 0 {
		t.Errorf("done: %v left", got)
	}
	// Observations beyond the cap are thinned, not lost at the ends.
	var long ETA
	for done := 1; done <= 10000; done++ {
		long.Observe(done, time.Duration(done)*time.Millisecond)
	}
	if n := len(long.done); n > maxETAPoints || long.done[n-1] != 10000 || long.done[0] != 1 {
		t.Errorf("thinned to %d points, from %d to %d", n, long.done[0], long.done[n-1])
	}
	if got := long.Seconds(20000); math.Abs(got-10) > 0.1 {
		t.Errorf("steady 1 ms a unit: %.3f s left for 10,000 more, want 10", got)
	}
}

// TestRecordETA records native runs for TestETAOnRecordedRuns
// (go test ./app/session -run TestRecordETA -record-eta).
func TestRecordETA(t *testing.T) {
	if !*recordETA {
		t.Skip("records with -record-eta")
	}
	for _, query := range []string{"preset=digits-quick&aepochs=30", "preset=digits-byol&shots=5&epochs=20"} {
		h := newHarness(t)
		began := time.Now()
		h.post(Message{Type: MsgStart, Run: 1, Query: query})
		var b strings.Builder
		fmt.Fprintf(&b, "# native, go test, %s: phase done total seconds\n", query)
		for m := h.next(5*time.Minute, MsgProgress, MsgResult); m.Type != MsgResult; m = h.next(5*time.Minute, MsgProgress, MsgResult) {
			if m.Progress != nil && m.Progress.Total > 0 {
				fmt.Fprintf(&b, "%s %d %d %s\n", m.Progress.Phase, m.Progress.Step, m.Progress.Total,
					strconv.FormatFloat(time.Since(began).Seconds(), 'f', 3, 64))
			}
		}
		name := "native-" + strings.NewReplacer("preset=", "", "&", "-", "=", "").Replace(query) + ".txt"
		if err := os.WriteFile(filepath.Join("testdata", "eta", name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
