package view

import (
	"html"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// GlossaryTerm is one term the page uses and what it means, in a line or
// two.
type GlossaryTerm struct {
	Term, Meaning string
}

// Glossary is the page's terms, in the order a reader meets them.
var Glossary = []GlossaryTerm{
	{"Self-supervised pretraining", "Training an encoder on unlabeled examples, with a task made from the examples themselves (agree on two views, rebuild a hidden part)."},
	{"Encoder", "The network that turns an example into its representation (embedding), a vector of numbers."},
	{"Embedding", "The encoder's output for an example: examples the encoder finds alike get nearby embeddings."},
	{"Augmentation, view", "A random change of an example (a rotation, a shift, noise); two views of one example should get the same embedding."},
	{"Projection head", "A small network after the encoder that the pretraining loss reads; it is dropped afterwards."},
	{"Epoch", "One pass over the training examples."},
	{"Batch", "The examples one training step looks at together."},
	{"Learning rate", "How large a step the optimiser takes; too large and the loss blows up."},
	{"NT-Xent (InfoNCE)", "SimCLR's loss: each view must pick its partner out of the batch, by cosine similarity over a temperature."},
	{"EMA", "Exponential moving average: BYOL's target network follows the trained one slowly, mixing in a small share of it at each step."},
	{"Collapse", "Every example getting (almost) the same embedding: the loss can be low while the representation says nothing."},
	{"Effective rank", "How many directions the embeddings really use, from the spread of their principal components; near 1 means collapse."},
	{"PCA", "Principal component analysis: the directions of largest spread; the embedding map shows the first two."},
	{"kNN accuracy", "How often the classes of an example's nearest neighbours in embedding space give its own class: a monitor that needs no training."},
	{"Alignment, uniformity", "How close the two views' embeddings are, and how evenly the embeddings spread over the sphere."},
	{"n_task", "The number of labelled examples the adaptation may use (labels per class × classes)."},
	{"Zero-shot, few-shot", "Adapting with no labels at all, or with a few per class."},
	{"Linear probe", "A linear classifier trained on the frozen encoder's embeddings: it measures what the encoder learnt."},
	{"Finetuning", "Training the encoder and a new head together on the labelled examples."},
	{"k-means", "Grouping embeddings into as many clusters as there are classes, with no labels; scored by the best matching of clusters to classes."},
	{"precision@1", "Zero-shot retrieval: the share of test examples whose nearest other example (cosine) has the same class."},
	{"precision@10", "The share of an example's 10 nearest other examples that have its class, averaged over the test examples."},
	{"mAP", "Mean average precision: how high the examples of the same class rank among each example's neighbours, averaged."},
	{"R²", "For regression: 1 minus the squared error over the target's variance; 1 is perfect, 0 is guessing the mean."},
	{"Random encoder, raw inputs, scratch", "The baselines: the same probe on an untrained encoder or on the inputs themselves, and the network trained from scratch on the labels."},
}

// GlossaryPanel is the popover of the page's terms. It uses the browser's
// popover: the button opens and closes it by touch, mouse or keyboard, and
// Escape or a tap outside closes it, with no state on the page.
type GlossaryPanel struct {
	app.Compo
}

func (g *GlossaryPanel) Render() app.UI {
	return app.Div().ID("glossary").Class("glossary").Attr("popover", "auto").Role("dialog").Aria("labelledby", "glossary-title").Body(
		app.Div().Class("glossary-head").Body(
			app.H2().ID("glossary-title").Text("Glossary"),
			app.Button().Class("btn btn-quiet btn-small").Type("button").Attr("popovertarget", "glossary").
				Attr("popovertargetaction", "hide").Text("Close"),
		),
		// Fixed text, as one piece of markup: nothing in it changes.
		app.Raw(glossaryHTML()),
	)
}

// glossaryHTML is the terms as a definition list.
func glossaryHTML() string {
	var b strings.Builder
	b.WriteString("<dl>")
	for _, t := range Glossary {
		b.WriteString(`<div class="glossary-entry"><dt>` + html.EscapeString(t.Term) + "</dt><dd>" + html.EscapeString(t.Meaning) + "</dd></div>")
	}
	b.WriteString("</dl>")
	return b.String()
}

// GlossaryButton opens the glossary.
func GlossaryButton() app.UI {
	return app.Button().Class("btn btn-quiet").ID("btn-glossary").Type("button").Attr("popovertarget", "glossary").
		Title("What the page's terms mean").Text("Terms")
}
