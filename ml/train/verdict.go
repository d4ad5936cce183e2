package train

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"sslab/ml/config"
)

// Verdict says, from a run's rows, at which label budgets pretraining
// helped and by how much against the best baseline there (the random
// encoder's probe, the raw inputs' probe, training from scratch), and, when
// it did not help at the fewest labels, the likely cause. The page, the
// JSON report and the command line show the same Sentences.
type Verdict struct {
	Metric  string          `json:"metric"`           // accuracy | r2
	Target  string          `json:"target,omitempty"` // regression: what is predicted
	Budgets []BudgetVerdict `json:"budgets"`
	// Helped is whether pretraining beat the best baseline at the fewest
	// labels, where the lab's lesson lives.
	Helped bool `json:"helped"`
	// Cause is, when it did not, the likely reason: one of the Cause
	// constants.
	Cause     string   `json:"cause,omitempty"`
	Sentences []string `json:"sentences"`
}

// The causes a Verdict names when pretraining did not help.
const (
	CauseCollapse     = "collapse"     // the pretrainer's monitor flagged collapsed embeddings
	CauseSeparable    = "separable"    // the raw input is already (nearly) perfect with the fewest labels, or (nearly) linear in the target
	CauseScratch      = "scratch"      // it beats the frozen baselines, but a network trained from scratch on the same labels does as well
	CauseUndertrained = "undertrained" // the pretrained encoder is barely better than a random one
	CauseShortText    = "short-text"   // text: ahead of a random encoder, behind the raw words; a language model needs more tokens than that
	CauseMismatch     = "mismatch"     // none of those: the objective kept less than the raw input or a random encoder has
)

// Outcomes of one budget.
const (
	OutcomeHelped = "helped" // pretrained ahead by more than verdictMargin
	OutcomeTie    = "tie"    // within verdictMargin
	OutcomeHurt   = "hurt"   // behind by more than verdictMargin
)

// BudgetVerdict compares the pretrained encoder with the best baseline at
// one label budget.
type BudgetVerdict struct {
	NTask    int    `json:"n_task"`
	PerClass int    `json:"per_class"` // labels per class (classification), -1 for all labels
	Budget   string `json:"budget"`    // in words: "1 label per class", "all 1,346 labels"
	// Pretrained is the better of the pretrained encoder's linear probe and
	// its finetuning; PretrainedBy says which (linear-probe | finetune).
	Pretrained   float64 `json:"pretrained"`
	PretrainedBy string  `json:"pretrained_by"`
	// Baseline is the best baseline's value; BaselineName is which
	// (random | raw | scratch).
	Baseline     float64 `json:"baseline"`
	BaselineName string  `json:"baseline_name"`
	Delta        float64 `json:"delta"`   // Pretrained − Baseline
	Outcome      string  `json:"outcome"` // helped | tie | hurt
	// Wins and Seeds, over several seeds (SeedsReport), count the seeds in
	// which pretraining helped at this budget; 0 for one run.
	Wins  int `json:"wins,omitempty"`
	Seeds int `json:"seeds,omitempty"`
}

// Evidence is what a verdict knows beyond the rows.
type Evidence struct {
	Dataset string      // the dataset's name (config.DatasetOf): images say "raw pixels", regression names its target
	Task    config.Task // classification or regression
	Classes int         // classes of a classification task
	// AllLabels is the number of labels of the "all labels" budget (the
	// training split's size).
	AllLabels int
	// Collapsed is set when the pretrainer's collapse monitor flagged the
	// embeddings; CollapseReason says what it saw.
	Collapsed      bool
	CollapseReason string
}

// EvidenceOf returns the evidence an adapter knows: everything but the
// collapse monitor's flag.
func (a *Adapter) EvidenceOf() Evidence {
	if a.ds.Text != nil {
		// Text budgets count labelled sentences, from a pool.
		return Evidence{Dataset: a.ds.Name, Task: a.cfg.Task, AllLabels: len(spread(a.split.Train, a.cfg.PoolSents))}
	}
	return Evidence{Dataset: a.ds.Name, Task: a.cfg.Task, Classes: a.classes, AllLabels: len(a.split.Train)}
}

// verdictMargin is the difference below which pretraining and the best
// baseline count as tied: half a point of accuracy, 0.005 of R².
const verdictMargin = 0.005

// separableLevel is the raw inputs' score at the fewest labels from which
// a dataset counts as already separable in the raw input.
const separableLevel = 0.95

// undertrainedGap is the lead over the random encoder below which
// pretraining counts as having barely changed the encoder: two points.
const undertrainedGap = 0.02

// NewVerdict compares, at every budget with a pretrained linear-probe row,
// the pretrained encoder with the best baseline, and writes the verdict's
// sentences. Failed rows take no part. With no comparable budget the
// verdict has no budgets and says so.
func NewVerdict(rows []Row, ev Evidence) *Verdict {
	v := &Verdict{Metric: "accuracy"}
	if ev.Task == config.Regression {
		v.Metric = "r2"
		if d, ok := config.DatasetOf(ev.Dataset); ok {
			v.Target = d.Target
		}
	}
	value := func(enc, adaptation string, n int) (float64, bool) {
		for _, r := range rows {
			if r.Encoder == enc && r.Adaptation == adaptation && r.NTask == n && r.Metric == v.Metric && r.OK() {
				return r.Value, true
			}
		}
		return 0, false
	}
	var ns []int
	for _, r := range rows {
		if r.Encoder == "pretrained" && r.Adaptation == "linear-probe" && r.Metric == v.Metric && r.NTask > 0 && r.OK() && !slices.Contains(ns, r.NTask) {
			ns = append(ns, r.NTask)
		}
	}
	slices.Sort(ns)
	var uninformative []string // sentences about the budgets left out
	for _, n := range ns {
		b := BudgetVerdict{NTask: n, PerClass: -1, Baseline: math.Inf(-1)}
		b.Pretrained, _ = value("pretrained", "linear-probe", n)
		b.PretrainedBy = "linear-probe"
		if ft, ok := value("pretrained", "finetune", n); ok && ft > b.Pretrained {
			b.Pretrained, b.PretrainedBy = ft, "finetune"
		}
		for _, base := range []struct{ enc, adaptation string }{{"raw", "linear-probe"}, {"random", "linear-probe"}, {"scratch", "finetune"}} {
			if x, ok := value(base.enc, base.adaptation, n); ok && x > b.Baseline {
				b.Baseline, b.BaselineName = x, base.enc
			}
		}
		if b.BaselineName == "" {
			continue
		}
		if n != ev.AllLabels && ev.Task != config.Regression && ev.Classes > 0 && n%ev.Classes == 0 {
			b.PerClass = n / ev.Classes
		}
		b.Budget = budgetWords(n, b.PerClass, ev)
		if maj, ok := value("majority", "majority", n); ok && b.Pretrained == maj && b.Baseline == maj {
			// Every approach scores what predicting the labels' majority
			// class scores, as when one labelled sentence names one genre:
			// the budget cannot tell representations apart.
			uninformative = append(uninformative, fmt.Sprintf("With %s every approach scores %s, as predicting the labelled majority class does: too few labels to tell representations apart.",
				b.Budget, v.num(maj)))
			continue
		}
		b.Delta = b.Pretrained - b.Baseline
		switch {
		case b.Delta > verdictMargin:
			b.Outcome = OutcomeHelped
		case b.Delta < -verdictMargin:
			b.Outcome = OutcomeHurt
		default:
			b.Outcome = OutcomeTie
		}
		v.Budgets = append(v.Budgets, b)
	}
	if len(v.Budgets) == 0 {
		v.Sentences = append([]string{"There is no verdict: no label budget has both a pretrained and a baseline result."}, uninformative...)
		return v
	}
	first := v.Budgets[0]
	v.Helped = first.Outcome == OutcomeHelped
	if v.Helped {
		v.Sentences = v.helpedSentences(ev)
	} else {
		v.Sentences = v.notHelpedSentences(ev, value)
	}
	v.Sentences = append(v.Sentences, uninformative...)
	return v
}

// helpedSentences: the lead at the fewest labels, and where the baselines
// catch up, if they do.
func (v *Verdict) helpedSentences(ev Evidence) []string {
	first := v.Budgets[0]
	s := []string{fmt.Sprintf("Pretraining helped: %s at %s (pretrained %s %s, best baseline %s %s).",
		v.delta(first.Delta), first.Budget, approachWords(first.PretrainedBy), v.num(first.Pretrained),
		baselineWords(first.BaselineName, ev), v.num(first.Baseline))}
	// The first budget from which pretraining no longer leads anywhere.
	catch := len(v.Budgets)
	for i := len(v.Budgets) - 1; i > 0 && v.Budgets[i].Outcome != OutcomeHelped; i-- {
		catch = i
	}
	last := v.Budgets[len(v.Budgets)-1]
	switch {
	case len(v.Budgets) == 1:
	case catch == len(v.Budgets):
		s = append(s, fmt.Sprintf("It still leads with %s: %s over %s.", last.Budget, v.delta(last.Delta), baselineWords(last.BaselineName, ev)))
	default:
		b := v.Budgets[catch]
		verb := [2]string{"catches up", "does better"} // the random encoder, training from scratch
		if b.BaselineName == "raw" && !(isText(ev) && ev.Task == config.POS) {
			verb = [2]string{"catch up", "do better"} // raw pixels, raw inputs, bags of words
		}
		i := 0
		if b.Outcome == OutcomeHurt {
			i = 1
		}
		s = append(s, fmt.Sprintf("From %s %s %s (%s).", b.Budget, baselineWords(b.BaselineName, ev), verb[i], v.delta(b.Delta)))
	}
	return s
}

// notHelpedSentences: what happened at the fewest labels, and the likely
// cause from the evidence.
func (v *Verdict) notHelpedSentences(ev Evidence, value func(enc, adaptation string, n int) (float64, bool)) []string {
	first := v.Budgets[0]
	what := "did not help"
	if first.Outcome == OutcomeTie {
		what = "made no difference"
	}
	s := []string{fmt.Sprintf("Pretraining %s at %s: pretrained %s %s, %s %s (%s).",
		what, first.Budget, approachWords(first.PretrainedBy), v.num(first.Pretrained),
		baselineWords(first.BaselineName, ev), v.num(first.Baseline), v.delta(first.Delta))}
	for _, b := range v.Budgets[1:] {
		if b.Outcome == OutcomeHelped {
			s = append(s, fmt.Sprintf("It did help at %s (%s over %s).", b.Budget, v.delta(b.Delta), baselineWords(b.BaselineName, ev)))
			break
		}
	}
	raw, rawOK := value("raw", "linear-probe", first.NTask)
	pre, _ := value("pretrained", "linear-probe", first.NTask)
	rnd, rndOK := value("random", "linear-probe", first.NTask)
	switch {
	case ev.Collapsed:
		v.Cause = CauseCollapse
		why := ""
		if ev.CollapseReason != "" {
			why = " (" + ev.CollapseReason + ")"
		}
		s = append(s, "Likely cause: the embeddings collapsed during pretraining"+why+
			": the encoder maps different inputs to nearly the same point, so little is left for a probe to read.")
	case rawOK && raw >= separableLevel:
		v.Cause = CauseSeparable
		s = append(s, fmt.Sprintf("Likely cause: the task is already easy in the raw input (%s reach %s with %s), so a representation has little to add.",
			baselineWords("raw", ev), v.num(raw), first.Budget))
	case ev.Task != config.POS && ev.Task != config.Genre && linear(value, ev.AllLabels):
		// Not on text, whose raw input is a lookup table of words: that a
		// lookup table fits the most labels says nothing of what a
		// representation adds with few.
		v.Cause = CauseSeparable
		rawAll, _ := value("raw", "linear-probe", ev.AllLabels)
		best, by := bestNetwork(value, ev.AllLabels)
		s = append(s, fmt.Sprintf("Likely cause: the task is (nearly) linear in the raw input: with %s a linear probe on %s reaches %s, as much as %s (%s), so a representation has nothing to add that a linear probe cannot read from %s directly.",
			budgetWords(ev.AllLabels, -1, ev), baselineWords("raw", ev), v.num(rawAll), networkWords(by), v.num(best), baselineWords("raw", ev)))
	case first.BaselineName == "scratch" && rawOK && rndOK && first.Pretrained-max(raw, rnd) > verdictMargin:
		// Ahead of every frozen representation, level with a network that
		// learnt from the labels alone: they teach what pretraining did.
		v.Cause = CauseScratch
		does := "does as well"
		if first.Outcome == OutcomeHurt {
			does = "does better"
		}
		s = append(s, fmt.Sprintf("Likely cause: the labels are enough on their own: the pretrained encoder beats the frozen baselines (%s %s, the random encoder %s), but training from scratch with %s %s (%s), so pretraining adds nothing these labels do not already teach.",
			baselineWords("raw", ev), v.num(raw), v.num(rnd), first.Budget, does, v.num(first.Baseline)))
	case rndOK && pre-rnd < undertrainedGap && pre-rnd >= -verdictMargin:
		// Level with a random encoder: pretraining has not yet moved it.
		// Clearly below one is another matter: pretraining removed
		// something (the default case).
		v.Cause = CauseUndertrained
		than := fmt.Sprintf("only %s above a random encoder's", v.delta(pre-rnd))
		if pre-rnd <= 0 {
			than = fmt.Sprintf("no better than a random encoder's (%s)", v.delta(pre-rnd))
		}
		s = append(s, "Likely cause: too little pretraining: the pretrained encoder's probe is "+than+". Pretrain longer, or with a larger learning rate.")
	case (ev.Task == config.POS || ev.Task == config.Genre) && rndOK && pre-rnd >= undertrainedGap:
		// A language model learns word identity before it beats a lookup
		// table of words, which it does only after millions of tokens:
		// the text track's measured lesson, not an invariance's mismatch.
		v.Cause = CauseShortText
		s = append(s, fmt.Sprintf("Likely cause: too little pretraining for this task: the pretrained encoder is ahead of a random one (%s against %s) but behind %s, which a language model of this size passes only after millions of tokens of pretraining. The longer preset, brown-mlm-long (about 6 M tokens), does: its encoder is shipped as a checkpoint.",
			v.num(pre), v.num(rnd), baselineWords("raw", ev)))
	default:
		v.Cause = CauseMismatch
		than := "raw"
		if rndOK && (!rawOK || rnd > raw) {
			than = "random"
		}
		s = append(s, fmt.Sprintf("Likely cause: what pretraining made invariant is not what the labels need: the features keep less of it than %s. Augmentations that respect the data's geometry may help.",
			featuresWords(than, ev)))
	}
	return s
}

// linear reports whether the raw inputs' linear probe with all labels
// comes within verdictMargin of the best that any network reaches with
// them (a probe on the pretrained or the random encoder, finetuning,
// training from scratch): the task is then (nearly) linear in the raw
// input, and no representation can add to it, however many labels.
// Where a network beats the raw probe by more, the data hold structure a
// representation could find, and the cause of a loss lies elsewhere.
func linear(value func(enc, adaptation string, n int) (float64, bool), all int) bool {
	raw, ok := value("raw", "linear-probe", all)
	if !ok {
		return false
	}
	best, by := bestNetwork(value, all)
	return by != "" && raw >= best-verdictMargin
}

// bestNetwork returns the best result with n labels of the models that are
// not a linear probe on the raw input, and which it is ("" if none has
// one).
func bestNetwork(value func(enc, adaptation string, n int) (float64, bool), n int) (float64, string) {
	best, by := math.Inf(-1), ""
	for _, m := range []struct{ enc, adaptation string }{
		{"pretrained", "linear-probe"}, {"pretrained", "finetune"}, {"random", "linear-probe"}, {"scratch", "finetune"}} {
		if x, ok := value(m.enc, m.adaptation, n); ok && x > best {
			best, by = x, m.enc+" "+m.adaptation
		}
	}
	return best, by
}

// networkWords names a model of bestNetwork for a sentence.
func networkWords(by string) string {
	switch by {
	case "pretrained linear-probe":
		return "the pretrained encoder's probe"
	case "pretrained finetune":
		return "the finetuned pretrained network"
	case "random linear-probe":
		return "the random encoder's probe"
	case "scratch finetune":
		return "a network trained from scratch"
	}
	return by
}

// num formats a value of the verdict's metric.
func (v *Verdict) num(x float64) string { return fmt.Sprintf("%.3f", x) }

// delta formats a difference: points of accuracy, or R² of the target.
func (v *Verdict) delta(d float64) string {
	if v.Metric == "r2" {
		target := ""
		if v.Target != "" {
			target = " of " + v.Target
		}
		return fmt.Sprintf("%s R²%s", signed(d, 3), target)
	}
	return signed(100*d, 1) + " points"
}

// signed formats x with an explicit sign, − for negatives.
func signed(x float64, prec int) string {
	s := fmt.Sprintf("%+.*f", prec, x)
	return strings.Replace(s, "-", "−", 1)
}

// budgetWords names a budget: "1 label per class", "all 1,346 labels",
// "20 labels".
func budgetWords(n, perClass int, ev Evidence) string {
	if isText(ev) {
		switch {
		case n == ev.AllLabels:
			return "all " + thousands(n) + " labelled sentences"
		case n == 1:
			return "1 labelled sentence"
		}
		return thousands(n) + " labelled sentences"
	}
	switch {
	case n == ev.AllLabels:
		return "all " + thousands(n) + " labels"
	case perClass == 1:
		return "1 label per class"
	case perClass > 1:
		return fmt.Sprintf("%d labels per class", perClass)
	case n == 1:
		return "1 label"
	}
	return thousands(n) + " labels"
}

// baselineWords names a baseline for a sentence (a plural subject for raw
// inputs).
func baselineWords(name string, ev Evidence) string {
	switch name {
	case "raw":
		if d, ok := config.DatasetOf(ev.Dataset); ok && d.Kind == config.Images {
			return "raw pixels"
		}
		if isText(ev) && ev.Task == config.POS {
			return "one-hot word identity"
		}
		if isText(ev) {
			return "bags of words"
		}
		return "raw inputs"
	case "random":
		return "the random encoder"
	case "scratch":
		return "training from scratch"
	}
	return name
}

// featuresWords names a frozen baseline's features as the subject of
// "keep": "raw pixels do", "the random encoder's features do".
func featuresWords(name string, ev Evidence) string {
	if name == "random" {
		return "the random encoder's features do"
	}
	return baselineWords(name, ev) + " do"
}

func approachWords(by string) string {
	if by == "finetune" {
		return "and finetuned"
	}
	return "probe"
}

// thousands writes n with comma separators.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// isText reports whether the evidence is of a text dataset.
func isText(ev Evidence) bool {
	d, ok := config.DatasetOf(ev.Dataset)
	return ok && d.Kind == config.Text
}
