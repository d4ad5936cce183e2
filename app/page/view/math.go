package view

// The ideas beside each view, with their formulas in MathML, which the
// browser renders natively: no script, no font download, works offline.

type idea struct {
	title, before, math, after string
}

// Pieces of MathML used by several formulas.
const (
	mathOpen  = `<math display="block">`
	mathClose = `</math>`
	// x⁽ⁱ⁾ and y⁽ⁱ⁾
	mathXi = `<msup><mi>x</mi><mrow><mo>(</mo><mi>i</mi><mo>)</mo></mrow></msup>`
	mathYi = `<msup><mi>y</mi><mrow><mo>(</mo><mi>i</mi><mo>)</mo></mrow></msup>`
	// 1/n_task Σ_{i=1}^{n_task}
	mathTaskMean = `<mfrac><mn>1</mn><msub><mi>n</mi><mtext>task</mtext></msub></mfrac>` +
		`<munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><msub><mi>n</mi><mtext>task</mtext></msub></munderover>`
	// θ̂
	mathThetaHat = `<mover><mi>θ</mi><mo>^</mo></mover>`
)

var ideas = map[string]idea{
	"pretrain": {
		title:  "Pretraining",
		before: "The encoder φ, with parameters θ, learns from unlabeled examples alone, by minimising a self-supervised loss averaged over the data:",
		math: mathOpen + `<mrow><msub><mi>L</mi><mtext>pre</mtext></msub><mo>(</mo><mi>θ</mi><mo>)</mo><mo>=</mo>` +
			`<mfrac><mn>1</mn><mi>n</mi></mfrac><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>` +
			`<msub><mi>ℓ</mi><mtext>pre</mtext></msub><mo>(</mo><mi>θ</mi><mo>,</mo>` + mathXi + `<mo>)</mo></mrow>` + mathClose,
		after: "No label is used: the loss compares the example with itself under augmentations (or with its hidden parts).",
	},
	"infonce": {
		title:  "SimCLR's contrastive loss (InfoNCE)",
		before: "Each example is seen twice, as two augmented views with projections zᵢ and zⱼ. The loss pulls the pair together and pushes the other 2N − 2 views of the batch away:",
		math: mathOpen + `<mrow><msub><mi>ℓ</mi><mrow><mi>i</mi><mo>,</mo><mi>j</mi></mrow></msub><mo>=</mo><mo>−</mo><mi>log</mi>` +
			`<mfrac><mrow><mi>exp</mi><mo>(</mo><mi>sim</mi><mo>(</mo><msub><mi>z</mi><mi>i</mi></msub><mo>,</mo><msub><mi>z</mi><mi>j</mi></msub><mo>)</mo><mo>/</mo><mi>τ</mi><mo>)</mo></mrow>` +
			`<mrow><munderover><mo>∑</mo><mrow><mi>k</mi><mo>=</mo><mn>1</mn></mrow><mrow><mn>2</mn><mi>N</mi></mrow></munderover>` +
			`<msub><mn>𝟙</mn><mrow><mo>[</mo><mi>k</mi><mo>≠</mo><mi>i</mi><mo>]</mo></mrow></msub>` +
			`<mi>exp</mi><mo>(</mo><mi>sim</mi><mo>(</mo><msub><mi>z</mi><mi>i</mi></msub><mo>,</mo><msub><mi>z</mi><mi>k</mi></msub><mo>)</mo><mo>/</mo><mi>τ</mi><mo>)</mo></mrow></mfrac>` +
			`</mrow>` + mathClose +
			// The similarity on a line of its own, so narrow cards need not scroll.
			mathOpen + `<mrow><mi>sim</mi><mo>(</mo><mi>u</mi><mo>,</mo><mi>v</mi><mo>)</mo><mo>=</mo>` +
			`<mfrac><mrow><msup><mi>u</mi><mo>⊤</mo></msup><mi>v</mi></mrow><mrow><mo>‖</mo><mi>u</mi><mo>‖</mo><mo>‖</mo><mi>v</mi><mo>‖</mo></mrow></mfrac></mrow>` + mathClose,
		after: "The temperature τ sets how sharply the hardest negatives count. In the heatmap, the positives are the diagonal.",
	},
	"mae": {
		title:  "Masked autoencoding",
		before: "A random mask m hides part of each input; the encoder and a decoder g must fill the hidden entries back in:",
		math: mathOpen + `<mrow><msub><mi>ℓ</mi><mtext>pre</mtext></msub><mo>(</mo><mi>θ</mi><mo>,</mo><mi>x</mi><mo>)</mo><mo>=</mo>` +
			`<mfrac><mrow><msup><mrow><mo>‖</mo><mi>m</mi><mo>⊙</mo><mo>(</mo><mi>g</mi><mo>(</mo><msub><mi>φ</mi><mi>θ</mi></msub><mo>(</mo><mo>(</mo><mn>1</mn><mo>−</mo><mi>m</mi><mo>)</mo><mo>⊙</mo><mi>x</mi><mo>)</mo><mo>)</mo><mo>−</mo><mi>x</mi><mo>)</mo><mo>‖</mo></mrow><mn>2</mn></msup></mrow>` +
			`<mrow><msub><mrow><mo>‖</mo><mi>m</mi><mo>‖</mo></mrow><mn>1</mn></msub></mrow></mfrac></mrow>` + mathClose,
		after: "To fill in a stroke, the encoder has to know what digits look like.",
	},
	"knn": {
		title: "Watching without training on labels",
		before: "The kNN monitor classifies each test example by a vote of its 5 nearest labelled training examples in embedding space (cosine similarity), " +
			"with 1 label per class and with all labels, on the same label draws as the adaptation view. The raw inputs and the random encoder, measured " +
			"the same way, are the reference lines: what pretraining has to beat. The labels only measure; the encoder never sees them.",
		after: "With every label, a vote of neighbours is good from the first step even on a random encoder; with 1 label per class it is not, and that is where pretraining shows.",
	},
	"collapse": {
		title: "Collapse",
		before: "A loss that only pulls views together is minimised by mapping everything to one point (complete collapse) or onto a line (dimensional collapse). " +
			"The meter reads both: how far the embeddings spread relative to their size (and to their spread before training), and how their variance divides among directions:",
		math: mathOpen + `<mrow><mi>erank</mi><mo>(</mo><mi>Z</mi><mo>)</mo><mo>=</mo><mi>exp</mi><mo>(</mo><mo>−</mo>` +
			`<munder><mo>∑</mo><mi>k</mi></munder><msub><mi>p</mi><mi>k</mi></msub><mi>log</mi><msub><mi>p</mi><mi>k</mi></msub><mo>)</mo></mrow>` + mathClose +
			mathOpen + `<mrow><msub><mi>p</mi><mi>k</mi></msub><mo>=</mo><mfrac><msub><mi>σ</mi><mi>k</mi></msub><mrow><munder><mo>∑</mo><mi>j</mi></munder><msub><mi>σ</mi><mi>j</mi></msub></mrow></mfrac></mrow>` + mathClose +
			mathOpen + `<mrow><mtext>first direction's share</mtext><mo>=</mo><mfrac><msubsup><mi>σ</mi><mn>1</mn><mn>2</mn></msubsup>` +
			`<mrow><munder><mo>∑</mo><mi>j</mi></munder><msubsup><mi>σ</mi><mi>j</mi><mn>2</mn></msubsup></mrow></mfrac></mrow>` + mathClose,
		after: "σₖ are the singular values of the centred test embeddings. Above a 75% share the embeddings lie nearly on a line: a line in 64 dimensions " +
			"has an effective rank near 1 whatever the spread of each dimension says.",
	},
	"embedding": {
		title:  "What the encoder sees",
		before: "The test embeddings φ(x), projected to two dimensions by PCA and coloured by labels the encoder never saw. Classes that separate here are easy for a linear probe later.",
	},
	"views": {
		title:  "Views",
		before: "Augmentations make two views of each example. Pretraining asks the encoder to map both views of an example close together, so the augmentations decide what it learns to ignore.",
	},
	"probe": {
		title:  "Linear probe",
		before: "The pretrained encoder is frozen at θ̂ and only a linear head w is fitted to the few labelled examples:",
		math: mathOpen + `<mrow><munder><mi>min</mi><mi>w</mi></munder>` + mathTaskMean +
			`<mi>ℓ</mi><mo>(</mo><msup><mi>w</mi><mo>⊤</mo></msup><msub><mi>φ</mi>` + mathThetaHat + `</msub><mo>(</mo>` + mathXi + `<mo>)</mo><mo>,</mo>` + mathYi + `<mo>)</mo></mrow>` + mathClose,
		after: "Compare it with the same probe on a random encoder and on the raw inputs: when pretraining has learned something useful, the gap is widest with few labels.",
	},
	"finetune": {
		title: "Finetuning (linear probe, then finetune)",
		before: "Both the head and the encoder are trained: the head starts from the fitted linear probe ŵ and the encoder from the pretrained θ̂, " +
			"with a smaller learning rate for the encoder, so the features that serve the head are adjusted rather than overwritten (LP-FT):",
		math: mathOpen + `<mrow><munder><mi>min</mi><mrow><mi>w</mi><mo>,</mo><mi>θ</mi></mrow></munder>` + mathTaskMean +
			`<mi>ℓ</mi><mo>(</mo><msup><mi>w</mi><mo>⊤</mo></msup><msub><mi>φ</mi><mi>θ</mi></msub><mo>(</mo>` + mathXi + `<mo>)</mo><mo>,</mo>` + mathYi + `<mo>)</mo>` +
			`</mrow>` + mathClose +
			mathOpen + `<mrow><msub><mi>w</mi><mn>0</mn></msub><mo>=</mo><mover><mi>w</mi><mo>^</mo></mover><mo>,</mo><mspace width="1em"/>` +
			`<msub><mi>θ</mi><mn>0</mn></msub><mo>=</mo>` + mathThetaHat + `</mrow>` + mathClose,
		after: "Training from scratch is the same network from a random start: the gap between the two, if there is one, is what pretraining bought.",
	},
	"barlow": {
		title:  "Barlow Twins: the cross-correlation matrix",
		before: "Each dimension of the two views' projections is standardised over the batch, and C is their cross-correlation. The loss pushes C to the identity:",
		math: mathOpen + `<mrow><msub><mi>ℓ</mi><mtext>BT</mtext></msub><mo>=</mo><munder><mo>∑</mo><mi>i</mi></munder>` +
			`<msup><mrow><mo>(</mo><mn>1</mn><mo>−</mo><msub><mi>C</mi><mrow><mi>i</mi><mi>i</mi></mrow></msub><mo>)</mo></mrow><mn>2</mn></msup>` +
			`<mo>+</mo><mi>λ</mi><munder><mo>∑</mo><mi>i</mi></munder><munder><mo>∑</mo><mrow><mi>j</mi><mo>≠</mo><mi>i</mi></mrow></munder>` +
			`<msubsup><mi>C</mi><mrow><mi>i</mi><mi>j</mi></mrow><mn>2</mn></msubsup></mrow>` + mathClose +
			mathOpen + `<mrow><msub><mi>C</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub><mo>=</mo><mfrac><mn>1</mn><mi>B</mi></mfrac>` +
			`<munder><mo>∑</mo><mi>b</mi></munder><msubsup><mi>z</mi><mrow><mi>b</mi><mi>i</mi></mrow><mi>A</mi></msubsup>` +
			`<msubsup><mi>z</mi><mrow><mi>b</mi><mi>j</mi></mrow><mi>B</mi></msubsup></mrow>` + mathClose,
		after: "The diagonal term makes the two views agree; the off-diagonal one (λ) makes the dimensions carry different information, so the " +
			"embedding cannot fold onto a few directions. In the heatmap the target is an orange diagonal on white.",
	},
	"vicreg": {
		title:  "VICReg: three forces",
		before: "VICReg's loss is a weighted sum of three terms on the two views' projections Z and Z′ (k dimensions, a batch of B):",
		math: mathOpen + `<mrow><mi>ℓ</mi><mo>=</mo><mi>λ</mi><mi>s</mi><mo>(</mo><mi>Z</mi><mo>,</mo><msup><mi>Z</mi><mo>′</mo></msup><mo>)</mo>` +
			`<mo>+</mo><mi>μ</mi><mfrac><mrow><mi>v</mi><mo>(</mo><mi>Z</mi><mo>)</mo><mo>+</mo><mi>v</mi><mo>(</mo><msup><mi>Z</mi><mo>′</mo></msup><mo>)</mo></mrow><mn>2</mn></mfrac></mrow>` + mathClose +
			// The covariance on a line of its own, so narrow cards need not scroll.
			mathOpen + `<mrow><mo>+</mo><mi>ν</mi><mo>(</mo><mi>c</mi><mo>(</mo><mi>Z</mi><mo>)</mo><mo>+</mo><mi>c</mi><mo>(</mo><msup><mi>Z</mi><mo>′</mo></msup><mo>)</mo><mo>)</mo></mrow>` + mathClose +
			mathOpen + `<mrow><mi>v</mi><mo>(</mo><mi>Z</mi><mo>)</mo><mo>=</mo><mfrac><mn>1</mn><mi>k</mi></mfrac><munder><mo>∑</mo><mi>j</mi></munder>` +
			`<mi>max</mi><mo>(</mo><mn>0</mn><mo>,</mo><mn>1</mn><mo>−</mo><msqrt><mrow><mi>Var</mi><mo>(</mo><msub><mi>z</mi><mi>j</mi></msub><mo>)</mo><mo>+</mo><mi>ε</mi></mrow></msqrt><mo>)</mo></mrow>` + mathClose +
			mathOpen + `<mrow><mi>c</mi><mo>(</mo><mi>Z</mi><mo>)</mo><mo>=</mo><mfrac><mn>1</mn><mi>k</mi></mfrac><munder><mo>∑</mo><mrow><mi>i</mi><mo>≠</mo><mi>j</mi></mrow></munder>` +
			`<msubsup><mrow><mi>Cov</mi><mo>(</mo><mi>Z</mi><mo>)</mo></mrow><mrow><mi>i</mi><mi>j</mi></mrow><mn>2</mn></msubsup></mrow>` + mathClose,
		after: "s, the invariance, is the mean squared difference of the two views' projections: it pulls them together. v, the variance, keeps every " +
			"dimension's spread at 1 or more, so the embedding cannot shrink to a point; c, the covariance, decorrelates the dimensions, so it cannot " +
			"fold onto a line. The chart follows each weighted term (λ, μ, ν are vsim, vvar, vcov): set vvar to 0 and watch the collapse meter.",
	},
	"siamese": {
		title: "SimSiam and BYOL: a predictor and a stop-gradient",
		before: "A predictor h maps one view's projection z₁ to the other view's target z₂′, which is held constant (sg, the stop-gradient): " +
			"the other view's own projection in SimSiam, the projection of a slowly moving copy of the network in BYOL. The loss is the negative cosine, both ways:",
		math: mathOpen + `<mrow><mi>ℓ</mi><mo>=</mo><mo>−</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mo>[</mo>` +
			`<mi>cos</mi><mo>(</mo><mi>h</mi><mo>(</mo><msub><mi>z</mi><mn>1</mn></msub><mo>)</mo><mo>,</mo><mi>sg</mi><mo>(</mo><msubsup><mi>z</mi><mn>2</mn><mo>′</mo></msubsup><mo>)</mo><mo>)</mo></mrow>` + mathClose +
			mathOpen + `<mrow><mo>+</mo><mi>cos</mi><mo>(</mo><mi>h</mi><mo>(</mo><msub><mi>z</mi><mn>2</mn></msub><mo>)</mo><mo>,</mo><mi>sg</mi><mo>(</mo><msubsup><mi>z</mi><mn>1</mn><mo>′</mo></msubsup><mo>)</mo><mo>)</mo>` +
			`<mo>]</mo></mrow>` + mathClose,
		after: "The chart is the cosine, −ℓ: it rises towards 1 as the predictions line up with their targets. A cosine of 1 is also reached by " +
			"collapsing, mapping every input to one point, and nothing in the loss forbids it: the predictor and the stop-gradient (and BYOL's slow target) " +
			"are what hold it off. Switch stopgrad off and watch the collapse meter.",
	},
	"regimes": {
		title:  "Label budgets",
		before: "n_task is the number of labelled examples. With none (zero-shot) the classes must show up as clusters or neighbours; with a few per class (few-shot) a linear probe on a good representation already works; with many, every method catches up.",
	},
}
