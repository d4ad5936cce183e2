package view

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ResultActions downloads the results (the same rows the command line
// prints), saves the encoder, and loads a saved one to adapt at once.
type ResultActions struct {
	app.Compo

	HasResult bool
	Running   bool
}

func (a *ResultActions) Render() app.UI {
	dl := func(id, label, kind, title string) app.UI {
		return disabledIf(app.Button().Class("btn btn-small").ID(id).Type("button"), !a.HasResult).Title(title).
			OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(ActDownload, kind) }).Text(label)
	}
	return app.Div().Class("result-actions").Body(
		app.H3().Text("Downloads and checkpoints"),
		app.Div().Class("action-row").Body(
			dl("dl-json", "Results JSON", DownloadJSON, "The run's report, as `sslab train -json` prints it"),
			dl("dl-csv", "Results CSV", DownloadCSV, "One line per result row"),
			dl("dl-embeddings", "Embeddings CSV", DownloadEmbeddings, "Test split: PCA x, y, label and the full embedding"),
			disabledIf(app.Button().Class("btn btn-small").ID("btn-save-encoder").Type("button"), !a.HasResult).
				Title("Save the pretrained encoder as a checkpoint file").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActSaveEncoder) }).Text("Save encoder"),
			app.Label().Class("btn btn-small file-button").For("load-encoder").
				Title("Load a saved encoder and adapt it at once, skipping pretraining").Body(
				app.Text("Load encoder…"),
				disabledIf(app.Input().Type("file").ID("load-encoder").Class("visually-hidden").Accept(".json,application/json"),
					a.Running).OnChange(loadEncoderFile),
			),
		),
		app.P().Class("hint").Text("A loaded encoder must match the encoder widths and activation of the current settings; the message says what to change if not."),
	)
}

// loadEncoderFile reads the picked file and asks the Lab to adapt it.
func loadEncoderFile(ctx app.Context, e app.Event) {
	input := ctx.JSSrc()
	readTextFile(ctx, input.Get("files").Index(0), MaxCheckpointBytes, "a checkpoint", func(name, text string) {
		ctx.NewActionWithValue(ActLoadEncoder, LoadedFile{Name: name, Text: text})
	})
	input.Set("value", "") // picking the same file again fires change again
}
