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
		title:  "Watching without training on labels",
		before: "The kNN monitor classifies each test example by a vote of its 5 nearest training examples in embedding space (cosine similarity). The labels only measure; the encoder never sees them.",
	},
	"collapse": {
		title:  "Collapse",
		before: "A loss that only pulls views together is minimised by mapping everything to one point. The spread of each embedding dimension and the effective rank show whether that is happening:",
		math: mathOpen + `<mrow><mi>erank</mi><mo>(</mo><mi>Z</mi><mo>)</mo><mo>=</mo><mi>exp</mi><mo>(</mo><mo>−</mo>` +
			`<munder><mo>∑</mo><mi>k</mi></munder><msub><mi>p</mi><mi>k</mi></msub><mi>log</mi><msub><mi>p</mi><mi>k</mi></msub><mo>)</mo><mo>,</mo><mspace width="1em"/>` +
			`<msub><mi>p</mi><mi>k</mi></msub><mo>=</mo><mfrac><msub><mi>σ</mi><mi>k</mi></msub><mrow><munder><mo>∑</mo><mi>j</mi></munder><msub><mi>σ</mi><mi>j</mi></msub></mrow></mfrac></mrow>` + mathClose,
		after: "σₖ are the singular values of the centred test embeddings. An effective rank near 1 means the embeddings lie on a line: collapse.",
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
		title:  "Finetuning",
		before: "Both the head and the encoder are trained, the head from a random start and the encoder starting from the pretrained θ̂:",
		math: mathOpen + `<mrow><munder><mi>min</mi><mrow><mi>w</mi><mo>,</mo><mi>θ</mi></mrow></munder>` + mathTaskMean +
			`<mi>ℓ</mi><mo>(</mo><msup><mi>w</mi><mo>⊤</mo></msup><msub><mi>φ</mi><mi>θ</mi></msub><mo>(</mo>` + mathXi + `<mo>)</mo><mo>,</mo>` + mathYi + `<mo>)</mo>` +
			`<mo>,</mo><mspace width="1em"/><msub><mi>θ</mi><mn>0</mn></msub><mo>=</mo>` + mathThetaHat + `</mrow>` + mathClose,
		after: "Training from scratch is the same with θ starting at random: the gap between the two is what pretraining bought.",
	},
	"regimes": {
		title:  "Label budgets",
		before: "n_task is the number of labelled examples. With none (zero-shot) the classes must show up as clusters or neighbours; with a few per class (few-shot) a linear probe on a good representation already works; with many, every method catches up.",
	},
}
