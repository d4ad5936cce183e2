package config

import (
	"slices"
	"strings"
)

// DefaultPreset is the name of the preset Default returns and Decode starts
// from when the query names none.
const DefaultPreset = "digits-simclr"

// presets are the named starting points in display order. Each function
// returns a fresh Config, so callers may modify what Preset returns. A
// note says, for a preset that is a deliberate lesson or where pretraining
// does not help, why: the page shows it beside the preset and the verdict.
var presets = []struct {
	name string
	make func() Config
	note string
}{
	{"digits-simclr", func() Config {
		c := digits()
		// Twice the batch at twice the rate: the same epochs in half the
		// steps (each step's fixed cost, in a browser, is paid half as
		// often), more negatives per step, and over seeds 1-5 a better
		// probe at every budget than batch 64 (README, "The lesson, in
		// numbers"). SimSiam and BYOL keep batch 64: they have no
		// negatives, and with it they lost to raw pixels at 1 label per
		// class.
		c.Batch, c.LR = 128, 0.004
		return c
	}, ""},
	{"digits-simsiam", func() Config {
		c := digits()
		c.Objective = SimSiam
		return c
	}, ""},
	{"digits-byol", func() Config {
		c := digits()
		c.Objective = BYOL
		return c
	}, ""},
	{"digits-barlow", func() Config {
		c := digits()
		c.Objective = Barlow
		// Barlow Twins decorrelates the projector's features, so its head
		// keeps its width instead of narrowing.
		c.Projector = []int{64, 64}
		return c
	}, ""},
	{"digits-vicreg", func() Config {
		c := digits()
		c.Objective = VICReg
		c.Projector = []int{64, 64}
		// VICReg's variance and covariance terms are estimated over the
		// batch: twice the batch (at twice the rate, as digits-simclr)
		// estimates them better, and its probe with all labels then beats
		// the random encoder's in every seed (at 64 it did not in one).
		c.Batch, c.LR = 128, 0.004
		return c
	}, ""},
	{"digits-mae", func() Config {
		c := digits()
		c.Objective = MAE
		// Masking is the augmentation: the reconstruction target must be
		// the clean image, so the geometric ones are off. The decoder reads
		// the encoder output directly.
		c.Projector = nil
		c.Rotation, c.Scale, c.Shift, c.Dropout = 0, 0, 0, 0
		// Hiding a quarter of the pixels probes better than half: with 64
		// pixels, half leaves too little to reconstruct a digit from.
		c.MaskRatio = 0.25
		// A step reconstructs one view, half the work of a two-view
		// step, and the probe keeps improving past 50 epochs: with 100
		// it beats the random encoder's at every budget in every seed of
		// 1-5 (with 50, not with all labels in two).
		c.Epochs = 100
		return c
	}, ""},
	{"digits-quick", func() Config {
		c := digits()
		c.Epochs = 5
		return c
	}, quickNote},
	{"moons-simclr", func() Config { return points("moons") }, ""},
	{"circles-simclr", func() Config {
		c := points("circles")
		// A ring is longer than a moon: the walk needs more hops to
		// cover it.
		c.Hops = 1000
		return c
	}, circlesNote},
	{"spirals-simclr", spirals, ""},
	{"blobs-simclr", func() Config { return noisyPoints("blobs") }, blobsNote},
	{"spirals-regression", spiralsRegression, spiralsRegressionNote},
	{"cancer-scarf", func() Config { return tabular("breast-cancer") }, cancerNote},
	{"diabetes-regression", func() Config {
		c := tabular("diabetes")
		c.Task = Regression
		// Ten features, nearly linear in the target: replacing 60% of
		// them leaves a view too unlike its pair to say much about the
		// patient; 30% keeps the pretrained ridge probe at or above the
		// random encoder's at every budget over seeds 1-5 (at 60% it fell
		// below it with 10 and 20 labels).
		c.Corrupt = 0.3
		return c
	}, diabetesNote},
	{"brown-mlm", func() Config { return brown(MLM) }, ""},
	{"brown-gpt", func() Config { return brown(GPT) }, ""},
	{"brown-skipgram", func() Config {
		c := brown(SkipGram)
		// A step of skip-gram costs a few dot products per word, a
		// hundredth of a transformer's: the same minute reads the
		// training documents several times.
		c.Epochs, c.Steps, c.LR = 5, 0, 0.01
		return c
	}, ""},
	{"brown-mlm-long", func() Config {
		// The reference run: about 7 epochs of the training documents
		// (some 5.6 M tokens once sentences are cut to 32); natively, half
		// an hour. make checkpoints ships its encoder. Its adaptation
		// scores 2,000 test sentences with labels from a pool of 5,000
		// training sentences, which a browser tab holds (every sentence,
		// lsents=0 and tsents=0, takes some 5 GB, more than wasm's 4 GB).
		c := brown(MLM)
		c.Epochs, c.Steps, c.LR = 7, 0, 0.001
		c.TestSents, c.PoolSents = 2000, 5000
		c.FewShotSeeds, c.AdaptEpochs = 5, 3
		return c
	}, ""},
}

// digits is the default: SimCLR on the 8×8 digits with mild image
// augmentations.
func digits() Config {
	return Config{
		Dataset: "digits", Task: Classification, Objective: SimCLR,
		Encoder: []int{128, 64}, Projector: []int{64, 32}, Predictor: 32, Activation: "relu",
		Epochs: 50, Batch: 64, LR: 0.002, Optimizer: "adam", WeightDecay: 0,
		Temperature: 0.5, Negatives: true, StopGrad: true, Lambda: 0.005, EMA: 0.99,
		VICRegSim: 25, VICRegVar: 25, VICRegCov: 1, MaskRatio: 0.5,
		Rotation: 15, Scale: 0.15, Shift: 1, Dropout: 0.1, Cutout: 0, Noise: 0.05, Jitter: 0, Hops: 1,
		Seed:  1,
		Shots: 1, FewShotSeeds: 5, AdaptEpochs: 100, FinetuneLR: 0.001,
		Panels: slices.Clone(PanelNames),
		// The text settings, which apply to text data only.
		DModel: 64, Layers: 2, Heads: 4, FFN: 256, MaxLen: 32, Window: 5, NegK: 5,
	}
}

// brown is objective obj on the Brown corpus, tagging parts of speech: the
// issue's transformer (d_model 64, 2 layers of 4 heads, FFN 256) trained
// by AdamW on batches of 64 sentences, for the browser's budget: a few
// hundred steps, about 300k training tokens, adapted with labels from 1,000
// training sentences (3 draws at each few-shot budget) and scored on 500
// test sentences.
func brown(obj Objective) Config {
	c := digits()
	c.Dataset, c.Task, c.Objective = "brown", POS, obj
	c.Rotation, c.Scale, c.Shift, c.Dropout, c.Cutout, c.Noise = 0, 0, 0, 0, 0, 0
	c.Epochs, c.Steps, c.Batch = 1, 250, 64
	c.LR, c.WeightDecay = 0.002, 0.01
	c.MaskRatio = 0.15
	c.Shots, c.FewShotSeeds, c.AdaptEpochs = 10, 3, 1
	c.TestSents, c.PoolSents = 500, 1000
	return c
}

// points is SimCLR on a 2-D toy set with the neighbour view: each view is
// the end of a long walk over the training points' 10-nearest-neighbour
// graph, so the two views of a point lie anywhere on its connected piece
// (a moon, a ring, an arm) and the encoder learns one cluster per piece,
// which a probe with one label per class reads. Noise would only blur the
// graph's pieces into each other, so there is none. The encoder output is
// the embedding itself (no projection head): the invariance SimCLR
// enforces lands on the features the probe reads, where a head would keep
// it to itself and leave the position along the arm in the features. Some
// 550 steps at lr 0.01 on batches of 64 (750 training points are 11
// batches an epoch).
func points(data string) Config {
	c := digits()
	c.Dataset = data
	c.Encoder, c.Projector, c.Predictor = []int{32, 16}, nil, 16
	c.Epochs, c.Batch, c.LR = 50, 64, 0.01
	c.Temperature = 0.2
	c.Rotation, c.Scale, c.Shift, c.Dropout, c.Cutout = 0, 0, 0, 0, 0
	c.Noise, c.Jitter = 0, 0
	c.Neighbours, c.Hops = 10, 300
	return c
}

// spirals needs a wider encoder than the other toy sets, and a shorter
// walk: its arms run close together near the centre, where a long walk
// would cross from one to the next.
func spirals() Config {
	c := points("spirals")
	c.Encoder = []int{64, 32}
	c.Hops = 30
	return c
}

// noisyPoints is SimCLR on a 2-D set with local views only, Gaussian noise
// and jitter, and a projection head: what the lab trains where there is
// no shape for a neighbour walk to teach (blobs), or where the target is
// the position along the shape (spirals-regression).
func noisyPoints(data string) Config {
	c := points(data)
	c.Projector = []int{16, 8}
	c.Epochs, c.Batch, c.LR = 30, 128, 0.002
	c.Noise, c.Jitter = 0.05, 0.1
	c.Neighbours, c.Hops = 0, 1
	return c
}

// spiralsRegression predicts the position along the arm, which the
// neighbour view would teach the encoder to ignore (R² 0.62 at 10 labels
// against the random encoder's 0.85, over seeds 1-5): the noisy views,
// with spirals' wider network.
func spiralsRegression() Config {
	c := noisyPoints("spirals")
	c.Task = Regression
	c.Encoder, c.Projector = []int{64, 32}, []int{32, 16}
	c.Epochs = 50
	return c
}

// The notes of the deliberate lessons.
const (
	blobsNote = "A deliberate lesson: the four blobs are already linearly separable in the raw input, so a linear probe on " +
		"the two coordinates with one label per blob is near its best (about 0.98) and pretraining has almost nothing to " +
		"add. With these local views (noise, jitter) it loses; with the neighbour view that teaches the other 2-D sets " +
		"their shapes (neighbours=10, hops=300, proj=none, 50 epochs at lr 0.01, batch 64) it gains under a point " +
		"(0.990 against 0.982)."
	spiralsRegressionNote = "A deliberate lesson: the target, the position along the arm, is what SimCLR's views teach the encoder " +
		"to ignore (two views of a point must embed alike, so nearby positions are pulled together; the neighbour view, " +
		"which follows the arm, loses more: R² 0.62 at 10 labels against 0.85), while a random encoder of the same width is already a rich nonlinear " +
		"basis of the plane for a ridge fit. Pretraining for invariance does not help a target that varies smoothly along " +
		"what the views leave unchanged."
	circlesNote = "With every label the lesson runs out: the pretrained and the random encoder both separate the two rings " +
		"(0.998 over seeds 1-5) and tie in most seeds, so there the pretrained one cannot beat the random one; at every " +
		"smaller budget it does, in every seed (0.921 against 0.628 with one label per class)."
	quickNote = "A deliberate lesson: a tenth of the pretraining of digits-simclr (5 epochs, 1.8 GFLOP), to see what a " +
		"short run buys: the encoder already beats a random one, but it beats raw pixels with 1 label per class in only " +
		"some seeds (3 of 5) and by under a point; digits-simclr's 50 epochs make the gain certain (5 of 5, +4.9 points)."
	cancerNote = "A deliberate lesson: the 30 measurements of a biopsy already separate the two diagnoses almost linearly " +
		"(a probe on them reaches 0.97 with every label), so pretraining has little room: its features beat the raw ones " +
		"by about a point up to 10 labels per class (a random encoder's by more), and training the network from scratch " +
		"on the same labels does as well at the fewest."
	diabetesNote = "A deliberate lesson: the target, a disease-progression score, is nearly linear in the ten raw " +
		"measurements, so from 20 labelled patients a ridge fit on the raw features is the best predictor and no encoder " +
		"adds to it. Ten labelled patients say little about the next: over seeds 1-5 every representation's R² " +
		"with 10 is below 0 on average (it predicts worse than the patients' mean), the pretrained one's least so."
)

// tabular is SCARF (Bahri et al., 2022) on a table of measurements:
// SimCLR whose views replace 60% of the features by the same feature of
// other training examples, as the paper does, on standardised columns (their
// raw units differ by orders of magnitude), with the digits' MLP sizes.
func tabular(data string) Config {
	c := digits()
	c.Dataset, c.Standardize = data, true
	c.Epochs, c.Batch = 100, 64
	c.Temperature = 0.5
	c.Rotation, c.Scale, c.Shift, c.Dropout, c.Cutout = 0, 0, 0, 0, 0
	c.Corrupt, c.Noise, c.Jitter = 0.6, 0, 0
	return c
}

// PresetNames returns the preset names in display order.
func PresetNames() []string {
	names := make([]string, len(presets))
	for i, p := range presets {
		names[i] = p.name
	}
	return names
}

// longPresets are the presets meant to be pretrained natively, for minutes
// to hours, and shipped as checkpoints (make checkpoints): a tab adapts
// their encoder rather than pretraining it.
var longPresets = []string{"brown-mlm-long"}

// PresetLong reports whether the named preset is one of those: a run that
// takes minutes to hours natively, which sslab lesson runs only when named.
func PresetLong(name string) bool { return slices.Contains(longPresets, name) }

// PresetNote returns the note of the named preset: why pretraining cannot
// help there, for a preset that is a deliberate lesson; "" for the others
// and for an unknown name.
func PresetNote(name string) string {
	for _, p := range presets {
		if p.name == name {
			return p.note
		}
	}
	return ""
}

// Preset returns the named preset, with its Preset field set to name. An
// unknown name gives an error that lists the known ones.
func Preset(name string) (Config, error) {
	for _, p := range presets {
		if p.name == name {
			c := p.make()
			c.Preset = name
			return c, nil
		}
	}
	return Config{}, presetError(name)
}

// presetError reports an unknown preset name.
func presetError(name string) *ParamError {
	return paramError("preset", name, "is not a known preset%s; allowed: %s",
		caseHint(name, PresetNames()), strings.Join(PresetNames(), ", "))
}
