package config

import (
	"slices"
	"strings"
)

// This file holds the tables that say what each objective, task and
// dataset is, and so where each setting applies. Adding an objective is one
// row of objectives (plus its code in ml/objective and ml/train); adding a
// dataset is one row of datasets (plus its loader in ml/data).

// Objective names a self-supervised objective.
type Objective string

// The objectives.
const (
	SimCLR  Objective = "simclr"
	SimSiam Objective = "simsiam"
	BYOL    Objective = "byol"
	Barlow  Objective = "barlow"
	VICReg  Objective = "vicreg"
	MAE     Objective = "mae"
	// The text objectives.
	MLM      Objective = "mlm"
	GPT      Objective = "gpt"
	SkipGram Objective = "skipgram"
)

// ObjectiveSpec is one row of the objectives table.
type ObjectiveSpec struct {
	Name   Objective
	Label  string // as the page names it, e.g. "Barlow Twins"
	Family string // contrastive | non-contrastive | redundancy reduction | reconstruction
	// Views is the number of augmented views of each example a step sees.
	Views int
	// Projector says whether the objective reads a projection head (proj).
	Projector bool
	// Settings are the fields that apply only to the objectives listing
	// them (see Field.Applies).
	Settings []string
	// Kinds are the kinds of data the objective trains on: the image,
	// point and table objectives read vectors, the text ones sentences.
	Kinds []DataKind
}

// vectorKinds are the kinds of data whose examples are vectors.
var vectorKinds = []DataKind{Images, Points, Tabular, UserFile}

// objectives is the objectives table, in display order.
var objectives = []ObjectiveSpec{
	{Name: SimCLR, Label: "SimCLR", Family: "contrastive", Views: 2, Projector: true,
		Settings: []string{"temp", "negatives"}, Kinds: vectorKinds},
	{Name: SimSiam, Label: "SimSiam", Family: "non-contrastive", Views: 2, Projector: true,
		Settings: []string{"pred", "stopgrad"}, Kinds: vectorKinds},
	{Name: BYOL, Label: "BYOL", Family: "non-contrastive", Views: 2, Projector: true,
		Settings: []string{"pred", "stopgrad", "ema"}, Kinds: vectorKinds},
	{Name: Barlow, Label: "Barlow Twins", Family: "redundancy reduction", Views: 2, Projector: true,
		Settings: []string{"lambda"}, Kinds: vectorKinds},
	{Name: VICReg, Label: "VICReg", Family: "redundancy reduction", Views: 2, Projector: true,
		Settings: []string{"vsim", "vvar", "vcov"}, Kinds: vectorKinds},
	{Name: MAE, Label: "masked autoencoding", Family: "reconstruction", Views: 1, Projector: false,
		Settings: []string{"mask"}, Kinds: vectorKinds},
	// The language models: a transformer over the tokens of a sentence,
	// with its output layer tied to the token embedding; and word2vec's
	// static word vectors. Their one view is the sentence itself.
	{Name: MLM, Label: "masked-token prediction (BERT)", Family: "language model", Views: 1,
		Settings: []string{"mask", "layers", "heads", "ffn", "maxlen"}, Kinds: []DataKind{Text}},
	{Name: GPT, Label: "next-token prediction (GPT)", Family: "language model", Views: 1,
		Settings: []string{"layers", "heads", "ffn", "maxlen"}, Kinds: []DataKind{Text}},
	{Name: SkipGram, Label: "skip-gram (word2vec)", Family: "co-occurrence", Views: 1,
		Settings: []string{"window", "kneg"}, Kinds: []DataKind{Text}},
}

// Objectives returns the objectives table in display order; the rows are
// copies.
func Objectives() []ObjectiveSpec {
	out := slices.Clone(objectives)
	for i := range out {
		out[i].Settings = slices.Clone(out[i].Settings)
	}
	return out
}

// Spec returns the row of objective o, and false if there is none.
func (o Objective) Spec() (ObjectiveSpec, bool) {
	for _, s := range objectives {
		if s.Name == o {
			return s, true
		}
	}
	return ObjectiveSpec{}, false
}

// Uses reports whether objective o reads the setting name.
func (o Objective) Uses(name string) bool {
	s, _ := o.Spec()
	return slices.Contains(s.Settings, name)
}

// Label returns the objective's name as the page shows it.
func (o Objective) Label() string {
	if s, ok := o.Spec(); ok {
		return s.Label
	}
	return string(o)
}

// objectivesUsing lists the objectives that read setting name.
func objectivesUsing(name string) []string {
	var out []string
	for _, s := range objectives {
		if slices.Contains(s.Settings, name) {
			out = append(out, string(s.Name))
		}
	}
	return out
}

// Task names a downstream task.
type Task string

// The tasks.
const (
	Classification Task = "classification"
	Regression     Task = "regression"
	// The text tasks: part-of-speech tagging of every token (12 universal
	// tags), and each sentence's genre, informative against imaginative
	// prose. Both are classifications.
	POS   Task = "pos"
	Genre Task = "genre"
)

// DataKind is what a dataset's examples are, which decides the
// augmentations that apply to them.
type DataKind string

// The kinds of data.
const (
	Images  DataKind = "images"  // pixels with a width and a height
	Points  DataKind = "points"  // 2-D points
	Tabular DataKind = "tabular" // measured features, one column each
	// UserFile is the user's own CSV file: tabular, or images when the
	// file says so, which a config cannot know.
	UserFile DataKind = "file"
	Text     DataKind = "text" // sentences of words
)

// DatasetSpec is one row of the datasets table.
type DatasetSpec struct {
	Name  string
	Label string // as the page names it
	Kind  DataKind
	// Tasks are the downstream tasks the dataset has targets for.
	Tasks []Task
	// Target names the regression target, for the page, e.g. "the angle
	// along the spiral".
	Target string
}

// datasets is the datasets table, in display order.
var datasets = []DatasetSpec{
	{Name: "digits", Label: "digits (8×8 images)", Kind: Images, Tasks: []Task{Classification}},
	{Name: "moons", Label: "two moons (2-D)", Kind: Points, Tasks: []Task{Classification}},
	{Name: "circles", Label: "circles (2-D)", Kind: Points, Tasks: []Task{Classification}},
	{Name: "spirals", Label: "spirals (2-D)", Kind: Points, Tasks: []Task{Classification, Regression},
		Target: "the position along the spiral arm"},
	{Name: "blobs", Label: "blobs (2-D)", Kind: Points, Tasks: []Task{Classification}},
	{Name: "breast-cancer", Label: "breast cancer (30 measurements)", Kind: Tabular, Tasks: []Task{Classification}},
	{Name: "diabetes", Label: "diabetes (10 baseline variables)", Kind: Tabular, Tasks: []Task{Regression},
		Target: "disease progression one year after baseline"},
	{Name: CSVDataset, Label: "your data (CSV)", Kind: UserFile, Tasks: []Task{Classification, Regression},
		Target: "the label column"},
	{Name: "brown", Label: "Brown corpus (57k English sentences)", Kind: Text, Tasks: []Task{POS, Genre}},
}

// CSVDataset is the dataset name of a user-supplied CSV file.
const CSVDataset = "csv"

// Datasets returns the datasets table in display order; the rows are
// copies.
func Datasets() []DatasetSpec {
	out := slices.Clone(datasets)
	for i := range out {
		out[i].Tasks = slices.Clone(out[i].Tasks)
	}
	return out
}

// DatasetOf returns the row of the named dataset, and false if there is
// none.
func DatasetOf(name string) (DatasetSpec, bool) {
	for _, d := range datasets {
		if d.Name == name {
			return d, true
		}
	}
	return DatasetSpec{}, false
}

// Has reports whether the dataset has targets for task t.
func (d DatasetSpec) Has(t Task) bool { return slices.Contains(d.Tasks, t) }

// datasetNames lists the datasets' names.
func datasetNames() []string {
	out := make([]string, len(datasets))
	for i, d := range datasets {
		out[i] = d.Name
	}
	return out
}

// datasetsOfKind lists the datasets whose kind is one of kinds.
func datasetsOfKind(kinds ...DataKind) []string {
	var out []string
	for _, d := range datasets {
		if slices.Contains(kinds, d.Kind) {
			out = append(out, d.Name)
		}
	}
	return out
}

// datasetsWith lists the datasets that have targets for task t.
func datasetsWith(t Task) []string {
	var out []string
	for _, d := range datasets {
		if d.Has(t) {
			out = append(out, d.Name)
		}
	}
	return out
}

// Kind returns the kind of c's dataset ("" for an unknown one).
func (c *Config) Kind() DataKind {
	d, _ := DatasetOf(c.Dataset)
	return d.Kind
}

// IsRegression reports whether c's task is regression.
func (c *Config) IsRegression() bool { return c.Task == Regression }

// IsText reports whether c's data is text.
func (c *Config) IsText() bool { return c.Kind() == Text }

// TokenTask reports whether c's task labels every token (part of speech)
// rather than every example.
func (c *Config) TokenTask() bool { return c.Task == POS }

// scope says where a field applies: always (the zero scope), only with the
// objectives that list it in their Settings, only with objectives that read
// a projector, or only on some kinds of data; and, if when is set, only
// where another setting gives it a use (the neighbour view's hops only
// with the neighbour view on).
type scope struct {
	objective bool       // the objectives whose Settings list the field
	projector bool       // the objectives with Projector set
	kinds     []DataKind // the datasets of these kinds
	when      func(c *Config) bool
	unless    string // why the field has no use where when is false
}

// onlyWhen returns s narrowed to the configs where when holds; unless says
// why it does not apply elsewhere, as in "does not apply with the
// neighbour view off (neighbours 0)".
func (s scope) onlyWhen(when func(c *Config) bool, unless string) scope {
	s.when, s.unless = when, unless
	return s
}

// applies reports whether field name, of scope s, matters to a run of c.
func (s scope) applies(name string, c *Config) bool {
	spec, known := c.Objective.Spec()
	switch {
	case s.objective && known && !slices.Contains(spec.Settings, name):
		return false
	case s.projector && known && !spec.Projector:
		return false
	case len(s.kinds) > 0 && !s.kindFits(c):
		return false
	case s.when != nil && !s.when(c):
		return false
	}
	return true
}

// kindFits reports whether c's dataset is of one of s's kinds (or unknown,
// which Validate reports itself).
func (s scope) kindFits(c *Config) bool {
	d, ok := DatasetOf(c.Dataset)
	return !ok || slices.Contains(s.kinds, d.Kind)
}

// explain says, for a message about field name set where it does not
// apply, why not and where it does.
func (s scope) explain(name string, c *Config) string {
	switch {
	case s.objective:
		return "does not apply to objective " + quote(string(c.Objective)) + "; it applies with objective " +
			orList(objectivesUsing(name))
	case s.projector:
		var with []string
		for _, o := range objectives {
			if o.Projector {
				with = append(with, string(o.Name))
			}
		}
		return "does not apply to objective " + quote(string(c.Objective)) + ", which has no projection head; it applies with objective " +
			orList(with)
	case s.when != nil && (len(s.kinds) == 0 || s.kindFits(c)):
		return s.unless
	}
	d, _ := DatasetOf(c.Dataset)
	return "does not apply to data " + quote(c.Dataset) + " (" + string(d.Kind) + "); it applies with data " +
		orList(datasetsOfKind(s.kinds...))
}

// orList joins names as "a, b or c", each quoted.
func orList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(n)
	}
	switch len(q) {
	case 0:
		return "none"
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

func quote(s string) string { return `"` + s + `"` }
