package config

import (
	"fmt"
	"slices"
	"strings"
)

// objectiveSettings returns the settings of objective o.
func objectiveSettings(o Objective) []string {
	s, _ := o.Spec()
	return s.Settings
}

// Config is the complete state of an sslab run and of the page showing it.
// The comment on each field gives its key in URLs and flags; the allowed
// values are those of the corresponding Field (see Fields).
type Config struct {
	Preset string // "preset": the preset this config started from and is encoded against

	Dataset string // "data": a row of the datasets table (Datasets)
	Task    Task   // "task": one of the dataset's Tasks
	// Standardize ("std") rescales every feature to zero mean and unit
	// variance with the training split's statistics before training.
	Standardize bool
	Objective   Objective // "objective": a row of the objectives table (Objectives)
	Encoder     []int     // "enc": hidden and output widths after the input, 1..4 layers
	Projector   []int     // "proj": projection head widths after the encoder, 0..3 layers
	Predictor   int       // "pred": hidden width of the SimSiam/BYOL predictor, 0 for none
	Activation  string    // "act": one of ActivationNames

	Epochs      int     // "epochs": pretraining epochs
	Batch       int     // "batch": pretraining batch size
	LR          float64 // "lr": pretraining learning rate
	Optimizer   string  // "opt": one of OptimizerNames
	WeightDecay float64 // "wd": decoupled weight decay
	Temperature float64 // "temp": SimCLR softmax temperature
	Negatives   bool    // "negatives": SimCLR contrasts with the batch's other examples
	StopGrad    bool    // "stopgrad": SimSiam/BYOL hold the target branch constant
	Lambda      float64 // "lambda": Barlow Twins off-diagonal weight
	EMA         float64 // "ema": BYOL target momentum
	VICRegSim   float64 // "vsim": VICReg invariance weight
	VICRegVar   float64 // "vvar": VICReg variance weight
	VICRegCov   float64 // "vcov": VICReg covariance weight
	MaskRatio   float64 // "mask": fraction of inputs hidden by masked autoencoding (tokens: masked-token prediction)

	// The transformer's shape, for text data (see the text fields).
	DModel int // "dmodel": width of the token features (d_model), and of skip-gram's word vectors
	Layers int // "layers": transformer blocks
	Heads  int // "heads": attention heads per block; they divide dmodel
	FFN    int // "ffn": width of each block's feed-forward layer
	MaxLen int // "maxlen": tokens per sentence the model reads (longer sentences are cut)
	Window int // "window": skip-gram's largest context window, in words each side
	NegK   int // "kneg": skip-gram's negative words per (word, context) pair
	Steps  int // "steps": pretraining steps on text, 0 for the epochs' worth

	Rotation float64 // "rot": maximum rotation of images, degrees
	Scale    float64 // "scale": maximum relative zoom of images
	Shift    float64 // "shift": maximum translation of images, pixels
	Dropout  float64 // "drop": probability of dropping a pixel
	Cutout   float64 // "cutout": side of the square cut out, pixels
	Corrupt  float64 // "corrupt": fraction of features drawn from their marginal (SCARF)
	// Neighbours ("neighbours") is the K of the neighbour view: a view
	// starts from one of the K training rows nearest to the example; 0 off.
	// Hops ("hops") is the length of its walk over the neighbour graph.
	Neighbours int
	Hops       int
	Noise      float64 // "noise": standard deviation of additive Gaussian noise
	Jitter     float64 // "jitter": half-width of uniform jitter of features

	Seed uint64 // "seed": seed of every random choice, at most 2^53-1 so JavaScript keeps it exact

	Shots        int // "shots": labels per class (regression: tens of labels); 0 zero-shot, -1 all
	FewShotSeeds int // "fsseeds": number of label draws averaged at every few-shot budget
	// ProbeStandardize ("pstd") makes the linear probes standardise each
	// feature with training-split statistics; off, they fit the features
	// as they are.
	ProbeStandardize bool
	AdaptEpochs      int     // "aepochs": epochs of finetuning and of training from scratch
	FinetuneLR       float64 // "ftlr": Adam learning rate of training from scratch and of the finetuned head
	// TestSents ("tsents") and PoolSents ("lsents") bound, on text, the
	// test sentences the adaptation scores and the training sentences its
	// labels come from (the "all" budget); 0 uses every one.
	TestSents int
	PoolSents int

	Checkpoint string // "ckpt": name of a shipped checkpoint file, "" for none
	Workers    int    // "workers": parallel workers, 0 for one per core

	// View state, used only by the page.
	Panels  []string // "panels": panels shown, a subset of PanelNames
	Embed   bool     // "embed": compact layout for iframes
	Autorun bool     // "autorun": start training on load
	// Parent ("parent") is the origin of the page allowed to embed and
	// command the lab (scheme://host[:port]), "" for any.
	Parent string
}

// Names of the choices of the enumerated parameters, in display order.
// The datasets and objectives are their tables' rows (Datasets,
// Objectives); these lists are fixed.
var (
	TaskNames       = []string{string(Classification), string(Regression), string(POS), string(Genre)}
	ObjectiveNames  = objectiveNames()
	ActivationNames = []string{"relu", "tanh", "gelu"}
	OptimizerNames  = []string{"adam", "sgd"}
	PanelNames      = []string{"setup", "pretrain", "adapt", "ideas"}
)

func objectiveNames() []string {
	out := make([]string, len(objectives))
	for i, o := range objectives {
		out[i] = string(o.Name)
	}
	return out
}

// Default returns the default configuration, the "digits-simclr" preset.
func Default() Config {
	c, _ := Preset(DefaultPreset)
	return c
}

// Equal reports whether c and d hold the same values. A nil and an empty
// slice are equal: both mean "no layers" or "no panels".
func (c Config) Equal(d Config) bool {
	if c.Preset != d.Preset {
		return false
	}
	for i := range table {
		if !table[i].same(&c, &d) {
			return false
		}
	}
	return true
}

// Clone returns a copy of c that shares no memory with it.
func (c Config) Clone() Config {
	c.Encoder = slices.Clone(c.Encoder)
	c.Projector = slices.Clone(c.Projector)
	c.Panels = slices.Clone(c.Panels)
	return c
}

// String returns a compact one-line summary of the model and training
// settings, such as
//
//	digits simclr enc 128-64 | proj 64-32 | batch 64 | 50 epochs | adam lr 0.002 | temp 0.5
//
// It is meant for people (logs, titles); use Query for a lossless form.
func (c Config) String() string {
	var b strings.Builder
	b.WriteString(c.Dataset)
	if c.Task != "" && c.Task != Classification {
		b.WriteString(" " + string(c.Task))
	}
	switch {
	case c.Kind() == Text && c.Objective.Uses("layers"):
		fmt.Fprintf(&b, " %s transformer d %d, %d layers, %d heads, ffn %d", c.Objective, c.DModel, c.Layers, c.Heads, c.FFN)
	case c.Kind() == Text:
		fmt.Fprintf(&b, " %s word vectors d %d", c.Objective, c.DModel)
	default:
		fmt.Fprintf(&b, " %s enc %s | proj %s", c.Objective, formatInts(c.Encoder, ""), formatInts(c.Projector, "none"))
	}
	if c.Objective.Uses("pred") {
		fmt.Fprintf(&b, " | pred %d", c.Predictor)
	}
	fmt.Fprintf(&b, " | batch %d | %d epochs", c.Batch, c.Epochs)
	if c.Kind() == Text && c.Steps > 0 {
		fmt.Fprintf(&b, " (%d steps)", c.Steps)
	}
	fmt.Fprintf(&b, " | %s lr %s", c.Optimizer, formatFloat(c.LR))
	// The one objective-specific knob most worth seeing at a glance: the
	// first of its settings that is a number (pred is shown above).
	for _, name := range objectiveSettings(c.Objective) {
		if f := lookup(name); f != nil && f.Kind == Float {
			fmt.Fprintf(&b, " | %s %s", name, f.Get(&c))
			break
		}
	}
	return b.String()
}

// SamePretraining reports whether c and d pretrain the same encoder: they
// differ at most in settings that affect the adaptation or nothing, so a
// finished run of one can be adapted as the other asks.
func (c Config) SamePretraining(d Config) bool {
	for i := range table {
		if f := &table[i]; f.Affects == AffectsPretraining && !f.same(&c, &d) {
			return false
		}
	}
	return true
}
