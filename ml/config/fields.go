package config

import "slices"

// maxSeed is the largest seed, 2^53-1: the largest integer a JavaScript
// number holds exactly, so a seed survives a trip through the page's JS.
const maxSeed = 1<<53 - 1

// maxWidth bounds layer widths: wide enough for anything the lab trains in
// a browser tab, small enough that a typo cannot allocate gigabytes.
const maxWidth = 1024

// maxNeighbours and maxHops bound the neighbour view's k and walk:
// data.MaxNeighbours and data.MaxHops, which config does not import (a
// test in ml/train checks they agree).
const maxNeighbours, maxHops = 64, 1000

// table is every field in display order. Each entry's Get and Set reach its
// Config field through a small accessor; Fields hands out copies.
var table = slices.Concat(
	group(GroupData,
		enumField("data", "Dataset", "dataset to learn from",
			datasetNames, func(c *Config) *string { return &c.Dataset }),
		enumField("task", "Task", "downstream task the representation is adapted to",
			func() []string { return TaskNames }, func(c *Config) *Task { return &c.Task }),
		boolField("std", "Standardise features", "standardise features with training-split statistics (zero mean, unit variance)",
			func(c *Config) *bool { return &c.Standardize }).in(vectorData),
	),
	group(GroupModel,
		enumField("objective", "Objective", "self-supervised objective used for pretraining",
			func() []string { return ObjectiveNames }, func(c *Config) *Objective { return &c.Objective }),
		intListField("enc", "Encoder widths", "widths of the encoder's layers after the input; the last is the representation",
			1, 4, 1, maxWidth, "128-64", func(c *Config) *[]int { return &c.Encoder }).in(vectorData),
		intListField("proj", "Projector widths", "widths of the projection head after the encoder, or none",
			0, 3, 1, maxWidth, "64-32", func(c *Config) *[]int { return &c.Projector }).in(scope{projector: true}),
		intField("pred", "Predictor width", "hidden width of the SimSiam/BYOL predictor; 0 removes the predictor (which lets the embeddings collapse)",
			0, maxWidth, func(c *Config) *int { return &c.Predictor }).in(objectiveSetting),
		enumField("act", "Activation", "activation function between layers",
			func() []string { return ActivationNames }, func(c *Config) *string { return &c.Activation }).in(vectorData),
		intField("dmodel", "Model width (d_model)", "width of every token's features in the transformer, and of skip-gram's word vectors",
			4, 512, func(c *Config) *int { return &c.DModel }).in(textData),
		intField("layers", "Transformer layers", "transformer blocks, each self-attention then a feed-forward layer",
			1, 12, func(c *Config) *int { return &c.Layers }).in(objectiveSetting),
		intField("heads", "Attention heads", "attention heads per block; they must divide the model width",
			1, 16, func(c *Config) *int { return &c.Heads }).in(objectiveSetting),
		intField("ffn", "Feed-forward width", "hidden width of each block's feed-forward layer (GELU)",
			1, 2048, func(c *Config) *int { return &c.FFN }).in(objectiveSetting),
		intField("maxlen", "Sentence length", "tokens of each sentence the transformer reads; longer sentences are cut",
			2, 32, func(c *Config) *int { return &c.MaxLen }).in(objectiveSetting),
	),
	group(GroupPretraining,
		intField("epochs", "Epochs", "passes over the training data during pretraining",
			1, 1000, func(c *Config) *int { return &c.Epochs }),
		intField("steps", "Pretraining steps", "mini-batches of pretraining on text, fewer than an epoch's if wanted; 0 trains for the epochs",
			0, 1000000, func(c *Config) *int { return &c.Steps }).in(textData),
		intField("batch", "Batch size", "examples per pretraining step, each seen as two views",
			4, 2048, func(c *Config) *int { return &c.Batch }),
		floatField("lr", "Learning rate", "pretraining learning rate",
			1e-6, 10, func(c *Config) *float64 { return &c.LR }),
		enumField("opt", "Optimizer", "optimizer for pretraining and finetuning",
			func() []string { return OptimizerNames }, func(c *Config) *string { return &c.Optimizer }),
		floatField("wd", "Weight decay", "weight decay applied at every step",
			0, 1, func(c *Config) *float64 { return &c.WeightDecay }),
		floatField("temp", "Temperature", "SimCLR softmax temperature; lower sharpens the contrast",
			0.01, 10, func(c *Config) *float64 { return &c.Temperature }).in(objectiveSetting),
		boolField("negatives", "Negatives", "SimCLR contrasts each view with the batch's other examples; off keeps only the pull between the two views, which collapses",
			func(c *Config) *bool { return &c.Negatives }).in(objectiveSetting),
		boolField("stopgrad", "Stop-gradient", "SimSiam/BYOL treat the other view's target as a constant; off lets the gradient flow through both branches, which collapses",
			func(c *Config) *bool { return &c.StopGrad }).in(objectiveSetting),
		floatField("lambda", "Barlow λ", "Barlow Twins weight of the off-diagonal (redundancy) terms; 0 keeps only the invariance term",
			0, 1, func(c *Config) *float64 { return &c.Lambda }).in(objectiveSetting),
		floatField("ema", "EMA momentum", "BYOL target network momentum; closer to 1 updates the target more slowly, 0 makes it a copy of the online network",
			0, 0.9999, func(c *Config) *float64 { return &c.EMA }).in(objectiveSetting),
		floatField("vsim", "VICReg invariance", "VICReg weight of the mean squared distance between the two views' embeddings",
			0, 100, func(c *Config) *float64 { return &c.VICRegSim }).in(objectiveSetting),
		floatField("vvar", "VICReg variance", "VICReg weight of the hinge keeping each dimension's spread above 1; 0 lets the embeddings collapse",
			0, 100, func(c *Config) *float64 { return &c.VICRegVar }).in(objectiveSetting),
		floatField("vcov", "VICReg covariance", "VICReg weight of the off-diagonal covariances, which decorrelate the dimensions",
			0, 100, func(c *Config) *float64 { return &c.VICRegCov }).in(objectiveSetting),
		floatField("mask", "Mask ratio", "fraction of the input hidden: pixels or features by masked autoencoding, tokens by masked-token prediction (BERT: 0.15)",
			0.05, 0.95, func(c *Config) *float64 { return &c.MaskRatio }).in(objectiveSetting),
		intField("window", "Context window", "skip-gram's largest window, in words on each side; each word draws its window from 1 to this",
			1, 10, func(c *Config) *int { return &c.Window }).in(objectiveSetting),
		intField("kneg", "Negative words", "skip-gram's random words per (word, context) pair, pushed away from the word",
			1, 20, func(c *Config) *int { return &c.NegK }).in(objectiveSetting),
	),
	group(GroupAugmentations,
		floatField("rot", "Rotation (°)", "maximum random rotation of images, in degrees",
			0, 180, func(c *Config) *float64 { return &c.Rotation }).in(imageData),
		floatField("scale", "Scale", "maximum random zoom of images, as a fraction",
			0, 0.9, func(c *Config) *float64 { return &c.Scale }).in(imageData),
		floatField("shift", "Shift (px)", "maximum random translation of images, in pixels",
			0, 4, func(c *Config) *float64 { return &c.Shift }).in(imageData),
		floatField("drop", "Pixel dropout", "probability of blanking each pixel of an image",
			0, 0.9, func(c *Config) *float64 { return &c.Dropout }).in(imageData),
		floatField("cutout", "Cutout (px)", "side of a random square blanked in images, in pixels",
			0, 8, func(c *Config) *float64 { return &c.Cutout }).in(imageData),
		intField("neighbours", "Neighbour view (k)", "each view starts from one of the k training examples nearest to this one, so the two views of a pair follow the data's shape; 0 turns it off",
			0, maxNeighbours, func(c *Config) *int { return &c.Neighbours }).in(featureData),
		intField("hops", "Neighbour hops", "steps of the neighbour view's walk, each to one of the k nearest training examples of the last; many hops spread the views over a whole connected piece of the data",
			1, maxHops, func(c *Config) *int { return &c.Hops }).in(featureData.onlyWhen(
			func(c *Config) bool { return c.Neighbours > 0 },
			"does not apply with the neighbour view off (neighbours 0); it applies with neighbours 1 or more")),
		floatField("corrupt", "Feature corruption", "fraction of features replaced by the same feature of another random example (SCARF)",
			0, 0.9, func(c *Config) *float64 { return &c.Corrupt }).in(featureData),
		floatField("noise", "Noise σ", "standard deviation of Gaussian noise added to every input",
			0, 2, func(c *Config) *float64 { return &c.Noise }).in(vectorData),
		floatField("jitter", "Jitter", "half-width of uniform jitter added to every feature",
			0, 2, func(c *Config) *float64 { return &c.Jitter }).in(featureData),
	),
	group(GroupAdaptation,
		intField("shots", "Label budget", "labels per class for adaptation (regression: tens of labels; text: labelled sentences); 0 zero-shot, -1 all",
			-1, 1000, func(c *Config) *int { return &c.Shots }),
		intField("fsseeds", "Few-shot draws", "number of random label draws averaged in few-shot results",
			1, 20, func(c *Config) *int { return &c.FewShotSeeds }),
		boolField("pstd", "Standardise probe inputs", "the linear probes standardise each feature (training-split statistics) before fitting; off fits the features as they are",
			func(c *Config) *bool { return &c.ProbeStandardize }).in(vectorData),
		intField("aepochs", "Adapt epochs", "epochs of finetuning and of training from scratch (at most 400 steps)",
			1, 1000, func(c *Config) *int { return &c.AdaptEpochs }),
		floatField("ftlr", "Finetune learning rate", "Adam learning rate of training from scratch and of the head when finetuning; the pretrained encoder is finetuned at 0.3 of it",
			1e-6, 10, func(c *Config) *float64 { return &c.FinetuneLR }),
		intField("tsents", "Test sentences", "test sentences the adaptation scores, spread evenly over the test split; 0 scores all 14,077",
			0, 100000, func(c *Config) *int { return &c.TestSents }).in(textData),
		intField("lsents", "Labelled pool", "training sentences the labels are drawn from, spread evenly over the training split (\"all\" labels is this many); 0 uses all 43,263",
			0, 100000, func(c *Config) *int { return &c.PoolSents }).in(textData),
	),
	group(GroupRun,
		intField("seed", "Seed", "seed of every random choice; the same seed repeats a run exactly",
			0, maxSeed, func(c *Config) *uint64 { return &c.Seed }),
		fileNameField("ckpt", "Checkpoint", "shipped checkpoint to start from instead of pretraining",
			64, func(c *Config) *string { return &c.Checkpoint }),
		intField("workers", "Workers", "parallel workers for training (the results do not depend on it); 0 uses one per core",
			0, 32, func(c *Config) *int { return &c.Workers }).affecting(AffectsNothing),
	),
	group(GroupPage,
		stringListField("panels", "Panels", "panels the page shows",
			1, func() []string { return PanelNames }, "setup,pretrain", func(c *Config) *[]string { return &c.Panels }),
		boolField("embed", "Embedded layout", "compact layout for embedding the page in an iframe",
			func(c *Config) *bool { return &c.Embed }),
		boolField("autorun", "Autorun", "start training as soon as the page loads",
			func(c *Config) *bool { return &c.Autorun }),
		originField("parent", "Parent origin", "the only origin whose page may command this lab in a frame, and the only one it posts to; empty for any",
			200, func(c *Config) *string { return &c.Parent }),
	),
)

// The scopes of the fields that do not always apply.
var (
	objectiveSetting = scope{objective: true}
	imageData        = scope{kinds: []DataKind{Images, UserFile}}
	featureData      = scope{kinds: []DataKind{Points, Tabular, UserFile}}
	vectorData       = scope{kinds: vectorKinds}
	textData         = scope{kinds: []DataKind{Text}}
)

// The groups of the settings, in display order.
const (
	GroupData          = "Data"
	GroupModel         = "Model"
	GroupPretraining   = "Pretraining"
	GroupAugmentations = "Augmentations"
	GroupAdaptation    = "Adaptation"
	GroupRun           = "Run"
	GroupPage          = "Page"
)

// group sets the group of fields, and what they affect unless a field says
// otherwise: the groups up to augmentations and the run's seed and
// checkpoint decide the pretrained encoder, the adaptation group only the
// adaptation, and the page group nothing the run computes.
func group(name string, fields ...Field) []Field {
	for i := range fields {
		f := &fields[i]
		f.Group = name
		if f.Affects == "" {
			switch name {
			case GroupAdaptation:
				f.Affects = AffectsAdaptation
			case GroupPage:
				f.Affects = AffectsNothing
			default:
				f.Affects = AffectsPretraining
			}
		}
	}
	return fields
}
