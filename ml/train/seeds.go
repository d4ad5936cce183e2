package train

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"sslab/ml/config"
)

// SeedsReport is one config run with several seeds: each seed pretrains
// its own encoder (and, for the toy sets, draws its own data), and the rows
// are aggregated over seeds. Its Rows are "the" results the lab reports;
// a single seed is one sample of them.
type SeedsReport struct {
	Query   string    `json:"config"` // the config without its seed, as a URL query
	Seeds   []uint64  `json:"seeds"`
	Rows    []SeedRow `json:"results"`
	Verdict *Verdict  `json:"verdict"` // from the means, with per-budget win counts
	Runs    []*Report `json:"runs"`    // every seed's own report, in Seeds order
}

// SeedRow is one row (encoder, adaptation, n_task, metric) over seeds.
type SeedRow struct {
	Encoder    string `json:"encoder"`
	Adaptation string `json:"adaptation"`
	NTask      int    `json:"n_task"`
	Metric     string `json:"metric"`
	// Mean and Std are over the seeds that have a result (Std: population
	// standard deviation, 0 for one seed); Seeds counts them.
	Mean  float64 `json:"mean"`
	Std   float64 `json:"std"`
	Seeds int     `json:"seeds"`
	// Values are the seeds' values in SeedsReport.Seeds order (NaN where a
	// seed has none; JSON writes those as null).
	Values []Value `json:"values"`
	// Failed counts the seeds whose row failed, and Reason is the first
	// one's reason.
	Failed int    `json:"failed,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Versus counts, for the pretrained encoder's rows, the seeds in which
	// it beat each baseline on this row's footing.
	Versus []Versus `json:"versus,omitempty"`
	// Note is a caveat: a mean R² below −1, or the first seed's note.
	Note string `json:"note,omitempty"`
}

// Value is a float64 that JSON writes as null when it is not finite.
type Value float64

// MarshalJSON writes v, or null for NaN and ±Inf.
func (v Value) MarshalJSON() ([]byte, error) {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// Versus is a win count: in Wins of Of seeds (those where both have a
// result) the row beat Baseline.
type Versus struct {
	Baseline string `json:"baseline"` // random | raw | scratch | linear-probe
	Wins     int    `json:"wins"`
	Of       int    `json:"of"`
}

// ParseSeeds reads a list of seeds: "1-5", "3", "1,4,9", "1-3,10".
func ParseSeeds(s string) ([]uint64, error) {
	var out []uint64
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, err := strconv.ParseUint(lo, 10, 64)
		b := a
		if err == nil && isRange {
			b, err = strconv.ParseUint(hi, 10, 64)
		}
		if err != nil || b < a || b-a >= 1000 || b > 1<<53-1 {
			return nil, fmt.Errorf("seeds %q: %q is not a seed or a range of seeds such as 1-5 (at most 1000 seeds, each at most 2^53-1)", s, part)
		}
		for x := a; x <= b; x++ {
			out = append(out, x)
		}
	}
	if len(out) > 1000 {
		return nil, fmt.Errorf("seeds %q: %d seeds, at most 1000 allowed", s, len(out))
	}
	return out, nil
}

// RunSeeds runs cfg once per seed (its Seed replaced) with exec and
// aggregates the reports. newRun makes each seed's run (nil: NewRun; a
// dataset read from files, as text is, needs its own). A seed that fails
// stops it with an error naming the seed.
func RunSeeds(cfg config.Config, seeds []uint64, exec Executor, newRun func(config.Config) (*Run, error)) (*SeedsReport, error) {
	if newRun == nil {
		newRun = NewRun
	}
	if len(seeds) == 0 {
		return nil, fmt.Errorf("no seeds to run")
	}
	var reports []*Report
	var ev Evidence
	for i, s := range seeds {
		c := cfg.Clone()
		c.Seed = s
		run, err := newRun(c)
		if err != nil {
			return nil, fmt.Errorf("seed %d: %w", s, err)
		}
		rep, err := run.Execute(exec, nil)
		if err != nil {
			return nil, fmt.Errorf("seed %d: %w", s, err)
		}
		if i == 0 {
			ev = run.Evidence()
		}
		reports = append(reports, rep)
	}
	return AggregateSeeds(reports, seeds, ev), nil
}

// AggregateSeeds aggregates the reports of one config run with the given
// seeds (reports[i] with seeds[i]); ev is the verdict's evidence.
func AggregateSeeds(reports []*Report, seeds []uint64, ev Evidence) *SeedsReport {
	sr := &SeedsReport{Seeds: seeds, Runs: reports}
	if len(reports) > 0 {
		// The seed is left at the preset's, which the query omits.
		c := reports[0].Config.Clone()
		if p, err := config.Preset(c.Preset); err == nil {
			c.Seed = p.Seed
		}
		sr.Query = c.Query()
	}
	type key struct {
		enc, adaptation string
		n               int
		metric          string
	}
	index := map[key]int{}
	lookup := make([]map[key]Row, len(reports))
	for i, rep := range reports {
		lookup[i] = map[key]Row{}
		for _, r := range rep.Rows {
			k := key{r.Encoder, r.Adaptation, r.NTask, r.Metric}
			lookup[i][k] = r
			if _, ok := index[k]; !ok {
				index[k] = len(sr.Rows)
				sr.Rows = append(sr.Rows, SeedRow{Encoder: r.Encoder, Adaptation: r.Adaptation, NTask: r.NTask, Metric: r.Metric})
			}
		}
	}
	for j := range sr.Rows {
		row := &sr.Rows[j]
		k := key{row.Encoder, row.Adaptation, row.NTask, row.Metric}
		var vals []float64
		for i := range reports {
			r, ok := lookup[i][k]
			switch {
			case !ok:
				row.Values = append(row.Values, Value(math.NaN()))
			case !r.OK():
				row.Values = append(row.Values, Value(math.NaN()))
				if row.Failed == 0 {
					row.Reason = fmt.Sprintf("seed %d: %s", seeds[i], r.Failed)
				}
				row.Failed++
			default:
				row.Values = append(row.Values, Value(r.Value))
				vals = append(vals, r.Value)
				if r.Note != "" && row.Note == "" {
					row.Note = fmt.Sprintf("seed %d: %s", seeds[i], r.Note)
				}
			}
		}
		row.Seeds = len(vals)
		if len(vals) > 0 {
			row.Mean, row.Std = meanStd(vals)
		}
		if row.Metric == "r2" && row.Seeds > 0 && row.Mean < r2Floor {
			row.Note = joinNotes(fmt.Sprintf("mean R² = %.3g is below −1: the squared error is more than twice that of always predicting the mean (R² = 0)", row.Mean), row.Note)
		}
		if row.Encoder != "pretrained" {
			continue
		}
		versus := func(baseline string, bk key) {
			v := Versus{Baseline: baseline}
			for i := range reports {
				p, ok1 := lookup[i][k]
				b, ok2 := lookup[i][bk]
				if !ok1 || !ok2 || !p.OK() || !b.OK() {
					continue
				}
				v.Of++
				if better(row.Metric, p.Value, b.Value) {
					v.Wins++
				}
			}
			if v.Of > 0 {
				row.Versus = append(row.Versus, v)
			}
		}
		if row.Adaptation == "finetune" {
			versus("scratch", key{"scratch", "finetune", row.NTask, row.Metric})
			versus("linear-probe", key{"pretrained", "linear-probe", row.NTask, row.Metric})
		} else {
			versus("random", key{"random", row.Adaptation, row.NTask, row.Metric})
			versus("raw", key{"raw", row.Adaptation, row.NTask, row.Metric})
		}
	}
	sr.Verdict = NewVerdict(sr.MeanRows(), ev)
	for b := range sr.Verdict.Budgets {
		bv := &sr.Verdict.Budgets[b]
		for _, rep := range reports {
			if rep.Verdict == nil {
				continue
			}
			for _, x := range rep.Verdict.Budgets {
				if x.NTask == bv.NTask {
					bv.Seeds++
					if x.Outcome == OutcomeHelped {
						bv.Wins++
					}
				}
			}
		}
	}
	if len(sr.Verdict.Budgets) > 0 && sr.Verdict.Budgets[0].Seeds > 1 {
		b := sr.Verdict.Budgets[0]
		sr.Verdict.Sentences = append(sr.Verdict.Sentences,
			fmt.Sprintf("Over %d seeds, pretraining beat the best baseline at %s in %d.", b.Seeds, b.Budget, b.Wins))
	}
	return sr
}

// better reports whether a beats b on metric (lower is better for mse).
func better(metric string, a, b float64) bool {
	if metric == "mse" {
		return a < b
	}
	return a > b
}

// MeanRows returns the aggregated rows as Rows of the means (Std over
// seeds, Draws the number of seeds, the note kept): what NewVerdict, the
// charts and the tables read. A row no seed has a result for is failed.
func (sr *SeedsReport) MeanRows() []Row {
	out := make([]Row, len(sr.Rows))
	for i, r := range sr.Rows {
		out[i] = Row{Encoder: r.Encoder, Adaptation: r.Adaptation, NTask: r.NTask, Metric: r.Metric,
			Value: r.Mean, Std: r.Std, Draws: r.Seeds, Note: r.Note}
		if r.Seeds == 0 {
			out[i].Value, out[i].Failed = 0, r.Reason
		}
	}
	return out
}

// WriteSeedsTable writes the aggregated rows as an aligned table, mean ±
// std over seeds with the win counts, then the verdict.
func WriteSeedsTable(w io.Writer, sr *SeedsReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s over seeds %s\n", sr.Query, seedList(sr.Seeds))
	fmt.Fprintf(&b, "%-11s %-13s %7s %-12s %8s %7s %5s  %s\n", "encoder", "adaptation", "n_task", "metric", "mean", "±std", "seeds", "wins")
	b.WriteString(strings.Repeat("-", 86) + "\n")
	for _, r := range sr.Rows {
		mean, std := fmt.Sprintf("%8.4f", r.Mean), fmt.Sprintf("%7.4f", r.Std)
		if r.Seeds == 0 {
			mean, std = fmt.Sprintf("%8s", "failed"), fmt.Sprintf("%7s", "")
		}
		var wins []string
		for _, v := range r.Versus {
			wins = append(wins, fmt.Sprintf("beat %s %d/%d", v.Baseline, v.Wins, v.Of))
		}
		if r.Failed > 0 {
			wins = append(wins, fmt.Sprintf("failed in %d (%s)", r.Failed, r.Reason))
		}
		fmt.Fprintf(&b, "%-11s %-13s %7d %-12s %s %s %5d  %s\n", r.Encoder, r.Adaptation, r.NTask, r.Metric, mean, std, r.Seeds, strings.Join(wins, ", "))
		if r.Note != "" {
			fmt.Fprintf(&b, "%53s note: %s\n", "", r.Note)
		}
	}
	if sr.Verdict != nil {
		b.WriteString("\n")
		for _, s := range sr.Verdict.Sentences {
			b.WriteString(s + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// seedList writes seeds compactly: 1-5, or 1,3,9.
func seedList(seeds []uint64) string {
	var parts []string
	for i := 0; i < len(seeds); {
		j := i
		for j+1 < len(seeds) && seeds[j+1] == seeds[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", seeds[i], seeds[j]))
		} else {
			parts = append(parts, fmt.Sprint(seeds[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}
