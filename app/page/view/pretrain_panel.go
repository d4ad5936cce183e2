package view

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// PretrainPanel is the live view of pretraining: the loss, the kNN
// monitor, the embedding map, the collapse meter, and pictures of what the
// objective works on (views, similarities, reconstructions). The worker
// draws the charts; the panel frames and explains them.
type PretrainPanel struct {
	app.Compo

	Config  config.Config
	Charts  map[string]string // by session chart id
	Monitor train.Snapshot    // the latest monitors (no points)
	Dim     int               // width of the representation
	Ideas   bool              // show the explanations beside the views
	// Checkpoint names the saved encoder the run adapts instead of
	// pretraining, "" if it pretrains.
	Checkpoint string
}

func (p *PretrainPanel) Render() app.UI {
	cfg, c, mon := p.Config, p.Charts, p.Monitor
	image := cfg.Kind() == config.Images
	spec, _ := cfg.Objective.Spec()
	picture := pictureCards[session.PictureOf(cfg.Objective)]
	caption, ok := lossCaptions[spec.Family]
	if !ok {
		caption = lossCaption
	}
	knnCaption := knnWords(mon, c[session.ChartKNN] != "")
	if c[session.ChartCollapse] != "" && mon.Collapsed() {
		caption += collapsedLoss
	}
	waiting := "appears when pretraining starts."
	if p.Checkpoint != "" {
		waiting = "is not drawn: pretraining was skipped for the checkpoint “" + p.Checkpoint + "”."
	}
	embeddingCaption := "Test examples in embedding space (first two principal components)."
	if c[session.ChartEmbedding] != "" {
		embeddingCaption = "Test examples in embedding space after " + groupThousands(mon.Step) + " steps (first two principal components)."
	}
	return app.Section().Class("panel").ID("pretrain").Aria("labelledby", "pretrain-title").Body(
		app.H2().Class("panel-title").ID("pretrain-title").Text("Pretraining on unlabeled data"),
		app.Div().Class("cards").Body(
			card(p.Ideas, "pretrain", &ChartCard{ID: session.ChartLoss, Title: "Pretraining loss", SVG: c[session.ChartLoss],
				Caption: caption,
				Empty:   "The loss curve " + waiting}),
			app.If(!cfg.IsText(), func() app.UI { // text: the held-out perplexity instead (text_panel.go)
				return card(p.Ideas, "knn", &ChartCard{ID: session.ChartKNN, Title: "kNN accuracy monitor", SVG: c[session.ChartKNN],
					Caption: knnCaption, Empty: "The monitor " + waiting})
			}),
			card(p.Ideas, "embedding", &ChartCard{ID: session.ChartEmbedding, Title: "Embedding map", SVG: c[session.ChartEmbedding],
				Caption: embeddingCaption, Empty: "The map appears when pretraining starts."}),
			card(p.Ideas, "collapse", &CollapseMeter{SVG: c[session.ChartCollapse], Monitor: mon, Dim: p.Dim, Head: spec.Projector && len(cfg.Projector) > 0}),
			app.If(image && spec.Views == 2, func() app.UI {
				return card(p.Ideas, "views", p.viewsCard())
			}),
			app.If(picture.title != "", func() app.UI {
				return card(p.Ideas, picture.idea, &ChartCard{ID: session.PictureOf(cfg.Objective), Title: picture.title,
					SVG: c[session.PictureOf(cfg.Objective)], Caption: picture.caption, Empty: picture.empty})
			}),
		),
	)
}

// lossCaptions say what the loss measures, by the objective's family
// (the objectives table's Family); other families get lossCaption.
var lossCaptions = map[string]string{
	"reconstruction": "The error of the reconstructed hidden pixels on each mini-batch. It falls as the encoder learns what digits look like.",
}

const lossCaption = "The self-supervised loss on each mini-batch. It falls as the encoder learns what the two views of an example share."

// pictureCard is the card of an objective's picture (session.PictureOf).
type pictureCard struct {
	title, caption, empty string
	idea                  string // the topic of the idea beside it
}

// pictureCards are the cards of the pictures the worker draws, by chart id.
var pictureCards = map[string]pictureCard{
	session.ChartSimilarity: {title: "Batch similarity (SimCLR)", idea: "infonce",
		caption: "Cosine similarity sim(zᵢ, zⱼ) of projections in the latest mini-batch. Positive pairs are on the diagonal; everything else is a negative.",
		empty:   "The similarity matrix appears after the first step."},
	session.ChartCrossCorr: {title: "Cross-correlation of the views (Barlow Twins)", idea: "barlow",
		caption: "C between the standardised projections of the latest mini-batch's two views: row i is a dimension of view 1, column j of view 2. " +
			"The target is the identity, an orange diagonal (Cᵢᵢ = 1: the views agree) on white (Cᵢⱼ = 0: the dimensions are decorrelated).",
		empty: "The cross-correlation matrix appears after the first step."},
	session.ChartTerms: {title: "VICReg's three terms", idea: "vicreg",
		caption: "Each weighted term of the loss over the steps (a moving average): invariance pulls the views together, variance keeps every dimension spread out, " +
			"covariance decorrelates them. When the variance term stays high, the embeddings are shrinking.",
		empty: "The terms appear after the first step."},
	session.ChartCosine: {title: "Prediction–target cosine", idea: "siamese",
		caption: "The mean cosine between each view's prediction and the other view's target, −loss, over the steps. It rises towards 1; " +
			"if the collapse meter flags a collapse at the same time, the agreement is the trivial one.",
		empty: "The cosine appears after the first step."},
	session.ChartReconstructions: {title: "Reconstructions", idea: "mae",
		caption: "Top: inputs with the hidden pixels in light grey. Middle: what the decoder fills in. Bottom: the originals.",
		empty:   "Reconstructions appear after the first step."},
}

// viewsCard shows the batch's views while there are some, else the preview
// of the current settings.
func (p *PretrainPanel) viewsCard() app.UI {
	if v := p.Charts[session.ChartViews]; v != "" {
		return &ChartCard{ID: session.ChartViews, Title: "Augmented views in this batch", SVG: v,
			Caption: "The two views of the first examples of the latest mini-batch: each column is one example, seen twice."}
	}
	return &ChartCard{ID: session.ChartPreview, Title: "Augmented views", SVG: p.Charts[session.ChartPreview],
		Caption: "Examples with two random views under the current settings: change an augmentation and they are redrawn.",
		Empty:   "Drawing examples…"}
}

// knnWords is the kNN card's caption: what the monitor is and, once it
// has a reading, where it stands against its reference lines.
func knnWords(mon train.Snapshot, shown bool) string {
	s := "A 5-nearest-neighbour vote in embedding space on the test split, as the adaptation view measures it: " +
		"solid with 1 label per class, dashed with all labels. The random encoder and the raw inputs are the reference lines: what pretraining must beat."
	if !shown || len(mon.KNNAt) == 0 {
		return s
	}
	now := mon.KNNAt[0]
	lead := "Now " + percent(now.Accuracy) + " with " + shotsWords(int(now.Budget), false)
	if len(mon.KNNRandom) > 0 && len(mon.KNNRaw) > 0 {
		lead += " (random encoder " + percent(mon.KNNRandom[0].Accuracy) + ", raw inputs " + percent(mon.KNNRaw[0].Accuracy) + ")"
	}
	return lead + ", " + percent(mon.KNN) + " with all labels. " + s
}

// card wraps a view in a card, with its idea beside it when ideas are on.
func card(ideas bool, topic string, view app.UI) app.UI {
	return app.Div().Class("card").Body(
		view,
		app.If(ideas, func() app.UI { return &Idea{Topic: topic} }),
	)
}
