package cli

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"

	"sslab/ml/config"
	"sslab/ml/train"
)

// lessonCmd runs every preset (or those of -presets) over the seeds and
// prints one line per preset: whether pretraining helped where the lab's
// lesson lives, at the fewest labels, in how many seeds, and why not when
// it did not. It is the README's table of the lesson, made by one command.
func lessonCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("lesson", stderr)
	seedList := fs.String("seeds", "1-5", "the seeds every preset runs with: a list such as 1-5, 1,4,9 or 1-3,10")
	names := fs.String("presets", "", "comma-separated presets to run (default: every preset but the long ones, "+strings.Join(longNames(), ", ")+"); allowed: "+strings.Join(config.PresetNames(), ", "))
	markdown := fs.Bool("markdown", false, "print the table as Markdown, as the README shows it")
	threads := fs.Int("threads", runtime.NumCPU(), "goroutines that share each mini-batch (results do not depend on it)")
	quiet := fs.Bool("quiet", false, "do not print progress to stderr")
	dataDir := fs.String("data-dir", "", dataDirHelp)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *threads < 1 {
		fmt.Fprintf(stderr, "sslab lesson: -threads %d: must be at least 1\n", *threads)
		return 2
	}
	seeds, err := train.ParseSeeds(*seedList)
	if err != nil {
		fmt.Fprintf(stderr, "sslab lesson: -seeds: %v\n", err)
		return 2
	}
	presets, err := presetList(*names)
	if err != nil {
		fmt.Fprintf(stderr, "sslab lesson: -presets: %v\n", err)
		return 2
	}
	if strings.TrimSpace(*names) == "" && !*quiet {
		fmt.Fprintf(stderr, "sslab lesson: leaving out %s, pretrained natively for minutes to hours: name it in -presets to run it\n", strings.Join(longNames(), ", "))
	}
	var lines []lessonLine
	for i, name := range presets {
		cfg, _ := config.Preset(name)
		if !*quiet {
			fmt.Fprintf(stderr, "sslab lesson: %s (%d of %d), seeds %s\n", name, i+1, len(presets), *seedList)
		}
		sr, err := train.RunSeeds(cfg, seeds, train.Parallel{Workers: *threads}, func(c config.Config) (*train.Run, error) {
			if c.IsText() {
				return textRun(c, *dataDir)
			}
			return train.NewRun(c)
		})
		if err != nil {
			fmt.Fprintf(stderr, "sslab lesson: %s: %v\n", name, err)
			return 1
		}
		lines = append(lines, lessonOf(name, cfg, sr))
	}
	writeLesson(stdout, lines, *markdown)
	return 0
}

// presetList reads -presets: every preset but the long ones when empty.
func presetList(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		var out []string
		for _, name := range config.PresetNames() {
			if !config.PresetLong(name) {
				out = append(out, name)
			}
		}
		return out, nil
	}
	var out []string
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if _, err := config.Preset(name); err != nil {
			return nil, err
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out, nil
}

// longNames are the presets that take minutes to hours natively.
func longNames() []string {
	var out []string
	for _, name := range config.PresetNames() {
		if config.PresetLong(name) {
			out = append(out, name)
		}
	}
	return out
}

// lessonLine is one preset's line of the lesson table.
type lessonLine struct {
	Preset, Objective string
	Metric            string // accuracy | r2
	Seeds             int
	// Fewest is the verdict of the means at the fewest labels (its Wins
	// of Seeds: the seeds in which pretraining beat the best baseline
	// there); ok false when there is none.
	Fewest   train.BudgetVerdict
	FewestOK bool
	// BeatRandom counts the seeds in which the pretrained encoder's probe
	// beat the random encoder's at every budget, BeatRaw those in which it
	// beat the raw inputs' at the fewest labels, each of Of seeds.
	BeatRandom, BeatRaw, Of int
	// ProbeAll and KMeans are means ± std over seeds (ok false: none).
	ProbeAll, KMeans stat
	GFLOP            float64 // pretraining, per seed
	Helped           bool
	Cause            string // the verdict's cause when pretraining did not help
	// Lesson is set for a preset that is a deliberate lesson: its note
	// (config.PresetNote) says why pretraining cannot help there.
	Lesson bool
}

// stat is a mean ± std over seeds.
type stat struct {
	Mean, Std float64
	OK        bool
}

// lessonOf reads a preset's line off its seeds' report.
func lessonOf(name string, cfg config.Config, sr *train.SeedsReport) lessonLine {
	v := sr.Verdict
	l := lessonLine{Preset: name, Objective: cfg.Objective.Label(), Metric: v.Metric, Seeds: len(sr.Seeds),
		Helped: v.Helped, Cause: v.Cause, Lesson: config.PresetNote(name) != ""}
	if len(v.Budgets) > 0 {
		l.Fewest, l.FewestOK = v.Budgets[0], true
	}
	all := 0
	for _, r := range sr.Rows {
		if r.Encoder == "pretrained" && r.Adaptation == "linear-probe" && r.Metric == v.Metric {
			all = max(all, r.NTask)
		}
	}
	for _, r := range sr.Rows {
		switch {
		case r.Encoder != "pretrained" || r.Seeds == 0:
		case r.Adaptation == "linear-probe" && r.NTask == all && r.Metric == v.Metric:
			l.ProbeAll = stat{r.Mean, r.Std, true}
		case r.Adaptation == "kmeans" && r.Metric == "accuracy":
			l.KMeans = stat{r.Mean, r.Std, true}
		}
	}
	for _, rep := range sr.Runs {
		l.GFLOP += rep.PretrainGFLOP / float64(len(sr.Runs))
		random, raw, ok := beats(rep.Rows, v.Metric, l.Fewest.NTask)
		if !ok {
			continue
		}
		l.Of++
		if random {
			l.BeatRandom++
		}
		if raw {
			l.BeatRaw++
		}
	}
	return l
}

// beats reports, for one seed's rows, whether the pretrained encoder's
// probe beat the random encoder's at every budget and the raw inputs' at
// n_task fewest; ok is false if a comparison is missing (a failed row
// counts as a loss of the row that failed).
func beats(rows []train.Row, metric string, fewest int) (random, raw, ok bool) {
	probe := map[string]map[int]train.Row{}
	for _, r := range rows {
		if r.Adaptation == "linear-probe" && r.Metric == metric && r.NTask > 0 {
			if probe[r.Encoder] == nil {
				probe[r.Encoder] = map[int]train.Row{}
			}
			probe[r.Encoder][r.NTask] = r
		}
	}
	win := func(a, b train.Row) bool { return a.OK() && (!b.OK() || a.Value > b.Value) }
	pre := probe["pretrained"]
	if len(pre) == 0 {
		return false, false, false
	}
	random = true
	for n, p := range pre {
		q, found := probe["random"][n]
		if !found {
			return false, false, false
		}
		random = random && win(p, q)
	}
	p, f1 := pre[fewest]
	q, f2 := probe["raw"][fewest]
	if !f1 || !f2 {
		return false, false, false
	}
	return random, win(p, q), true
}

// lessonColumns are the table's headings.
var lessonColumns = []string{"preset", "objective", "fewest labels", "pretrained", "best baseline", "Δ",
	"beat best baseline", "beat random (every budget)", "beat raw (fewest)", "probe, all labels", "k-means", "GFLOP", "verdict"}

// cells writes the line's cells, in lessonColumns' order.
func (l lessonLine) cells() []string {
	dash := "–"
	num := func(s stat) string {
		if !s.OK {
			return dash
		}
		return fmt.Sprintf("%.3f ± %.3f", s.Mean, s.Std)
	}
	of := func(k, n int) string {
		if n == 0 {
			return dash
		}
		return fmt.Sprintf("%d/%d", k, n)
	}
	c := []string{l.Preset, l.Objective, dash, dash, dash, dash, dash,
		of(l.BeatRandom, l.Of), of(l.BeatRaw, l.Of), num(l.ProbeAll), num(l.KMeans), fmt.Sprintf("%.1f", l.GFLOP), dash}
	if l.FewestOK {
		b := l.Fewest
		c[2] = b.Budget
		c[3] = fmt.Sprintf("%.3f", b.Pretrained)
		if b.PretrainedBy == "finetune" {
			c[3] += " (finetuned)"
		}
		c[4] = fmt.Sprintf("%s %.3f", b.BaselineName, b.Baseline)
		c[5] = deltaText(b.Delta, l.Metric)
		c[6] = of(b.Wins, b.Seeds)
	}
	switch {
	case l.FewestOK && l.Helped:
		c[12] = "helped"
	case l.Cause != "":
		c[12] = "did not help: " + causeWords[l.Cause]
	}
	switch {
	case l.Lesson && c[12] == "helped":
		c[12] += " (see its note)"
	case l.Lesson:
		c[12] += " (a deliberate lesson: see its note)"
	}
	return c
}

// causeWords say a verdict's cause in a table cell.
var causeWords = map[string]string{
	train.CauseCollapse:     "collapse",
	train.CauseSeparable:    "already separable in the raw input",
	train.CauseScratch:      "training from scratch does as well",
	train.CauseUndertrained: "too little pretraining",
	train.CauseShortText:    "too few tokens to beat the raw words",
	train.CauseMismatch:     "the augmentations do not fit the labels",
}

// deltaText writes a difference as the verdict does: points of accuracy,
// or R².
func deltaText(d float64, metric string) string {
	s := fmt.Sprintf("%+.1f pt", 100*d)
	if metric == "r2" {
		s = fmt.Sprintf("%+.3f R²", d)
	}
	if math.Signbit(d) {
		s = strings.Replace(s, "-", "−", 1)
	}
	return s
}

// writeLesson writes the lines as an aligned table or as Markdown.
func writeLesson(w io.Writer, lines []lessonLine, markdown bool) {
	rows := [][]string{lessonColumns}
	for _, l := range lines {
		rows = append(rows, l.cells())
	}
	var b strings.Builder
	if markdown {
		for i, r := range rows {
			b.WriteString("| " + strings.Join(r, " | ") + " |\n")
			if i == 0 {
				sep := make([]string, len(r))
				for j := range sep {
					sep[j] = "---"
					if j >= 2 && j < len(r)-1 {
						sep[j] = "---:"
					}
				}
				b.WriteString("|" + strings.Join(sep, "|") + "|\n")
			}
		}
	} else {
		width := make([]int, len(lessonColumns))
		for _, r := range rows {
			for j, cell := range r {
				width[j] = max(width[j], len([]rune(cell)))
			}
		}
		for _, r := range rows {
			var cells []string
			for j, cell := range r {
				cells = append(cells, cell+strings.Repeat(" ", width[j]-len([]rune(cell))))
			}
			b.WriteString(strings.TrimRight(strings.Join(cells, "  "), " ") + "\n")
		}
	}
	if len(lines) > 0 {
		fmt.Fprintf(&b, "\nEach preset ran with %d seeds. Its verdict compares the means at the fewest labels with the best baseline there (the random encoder, the raw inputs or training from scratch); the counts are seeds.\n", lines[0].Seeds)
	}
	io.WriteString(w, b.String())
}
