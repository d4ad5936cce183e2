package config

// maxSeed is the largest seed, 2^53-1: the largest integer a JavaScript
// number holds exactly, so a seed survives a trip through the page's JS.
const maxSeed = 1<<53 - 1

// maxWidth bounds layer widths: wide enough for anything the lab trains in
// a browser tab, small enough that a typo cannot allocate gigabytes.
const maxWidth = 1024

// table is every field in display order. Each entry's Get and Set reach its
// Config field through a small accessor; Fields hands out copies.
var table = []Field{
	enumField("data", "Dataset", "dataset to learn from",
		func() []string { return DatasetNames }, func(c *Config) *string { return &c.Dataset }),
	enumField("task", "Task", "downstream task the representation is adapted to",
		func() []string { return TaskNames }, func(c *Config) *string { return &c.Task }),
	boolField("std", "Standardise features", "standardise features with training-split statistics (zero mean, unit variance)",
		func(c *Config) *bool { return &c.Standardize }),
	enumField("objective", "Objective", "self-supervised objective used for pretraining",
		func() []string { return ObjectiveNames }, func(c *Config) *string { return &c.Objective }),
	intListField("enc", "Encoder widths", "widths of the encoder's layers after the input; the last is the representation",
		1, 4, 1, maxWidth, "128-64", func(c *Config) *[]int { return &c.Encoder }),
	intListField("proj", "Projector widths", "widths of the projection head after the encoder, or none",
		0, 3, 1, maxWidth, "64-32", func(c *Config) *[]int { return &c.Projector }),
	intField("pred", "Predictor width", "hidden width of the SimSiam/BYOL predictor",
		1, maxWidth, func(c *Config) *int { return &c.Predictor }),
	enumField("act", "Activation", "activation function between layers",
		func() []string { return ActivationNames }, func(c *Config) *string { return &c.Activation }),

	intField("epochs", "Epochs", "passes over the training data during pretraining",
		1, 1000, func(c *Config) *int { return &c.Epochs }),
	intField("batch", "Batch size", "examples per pretraining step, each seen as two views",
		4, 2048, func(c *Config) *int { return &c.Batch }),
	floatField("lr", "Learning rate", "pretraining learning rate",
		1e-6, 10, func(c *Config) *float64 { return &c.LR }),
	enumField("opt", "Optimizer", "optimizer for pretraining and adaptation",
		func() []string { return OptimizerNames }, func(c *Config) *string { return &c.Optimizer }),
	floatField("wd", "Weight decay", "weight decay applied at every step",
		0, 1, func(c *Config) *float64 { return &c.WeightDecay }),
	floatField("temp", "Temperature", "SimCLR softmax temperature; lower sharpens the contrast",
		0.01, 10, func(c *Config) *float64 { return &c.Temperature }),
	floatField("lambda", "Barlow λ", "Barlow Twins weight of the off-diagonal (redundancy) terms",
		0, 1, func(c *Config) *float64 { return &c.Lambda }),
	floatField("ema", "EMA momentum", "BYOL target network momentum; closer to 1 updates the target more slowly",
		0, 0.9999, func(c *Config) *float64 { return &c.EMA }),
	floatField("mask", "Mask ratio", "fraction of the input hidden by masked autoencoding",
		0.05, 0.95, func(c *Config) *float64 { return &c.MaskRatio }),

	floatField("rot", "Rotation (°)", "maximum random rotation of digit images, in degrees",
		0, 180, func(c *Config) *float64 { return &c.Rotation }),
	floatField("scale", "Scale", "maximum random zoom of digit images, as a fraction",
		0, 0.9, func(c *Config) *float64 { return &c.Scale }),
	floatField("shift", "Shift (px)", "maximum random translation of digit images, in pixels",
		0, 4, func(c *Config) *float64 { return &c.Shift }),
	floatField("drop", "Pixel dropout", "probability of blanking each pixel of a digit image",
		0, 0.9, func(c *Config) *float64 { return &c.Dropout }),
	floatField("cutout", "Cutout (px)", "side of a random square blanked in digit images, in pixels",
		0, 8, func(c *Config) *float64 { return &c.Cutout }),
	floatField("noise", "Noise σ", "standard deviation of Gaussian noise added to every input",
		0, 2, func(c *Config) *float64 { return &c.Noise }),
	floatField("jitter", "Jitter", "half-width of uniform jitter added to 2-D points",
		0, 2, func(c *Config) *float64 { return &c.Jitter }),

	intField("seed", "Seed", "seed of every random choice; the same seed repeats a run exactly",
		0, maxSeed, func(c *Config) *uint64 { return &c.Seed }),

	intField("shots", "Label budget", "labels per class for adaptation (regression: tens of labels); 0 zero-shot, -1 all",
		-1, 1000, func(c *Config) *int { return &c.Shots }),
	intField("fsseeds", "Few-shot draws", "number of random label draws averaged in few-shot results",
		1, 20, func(c *Config) *int { return &c.FewShotSeeds }),
	intField("aepochs", "Adapt epochs", "epochs of linear-probe, fine-tune and from-scratch training",
		1, 1000, func(c *Config) *int { return &c.AdaptEpochs }),
	floatField("alr", "Probe learning rate", "SGD learning rate of the linear probe on frozen features",
		1e-6, 10, func(c *Config) *float64 { return &c.AdaptLR }),
	floatField("ftlr", "Finetune learning rate", "Adam learning rate of finetuning and of training from scratch",
		1e-6, 10, func(c *Config) *float64 { return &c.FinetuneLR }),

	fileNameField("ckpt", "Checkpoint", "shipped checkpoint to start from instead of pretraining",
		64, func(c *Config) *string { return &c.Checkpoint }),
	intField("workers", "Workers", "parallel workers for training; 0 uses one per core",
		0, 32, func(c *Config) *int { return &c.Workers }),

	stringListField("panels", "Panels", "panels the page shows",
		1, func() []string { return PanelNames }, "setup,pretrain", func(c *Config) *[]string { return &c.Panels }),
	boolField("embed", "Embedded layout", "compact layout for embedding the page in an iframe",
		func(c *Config) *bool { return &c.Embed }),
	boolField("autorun", "Autorun", "start training as soon as the page loads",
		func(c *Config) *bool { return &c.Autorun }),
}
