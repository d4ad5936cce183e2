package view

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/ml/config"
)

// PresetPicker fills every model and training setting from a preset.
type PresetPicker struct {
	app.Compo

	Preset string
	// OwnData names the reader's file while it is the dataset: the picker
	// then says "your data", which no preset describes.
	OwnData string
}

func (pp *PresetPicker) Render() app.UI {
	names := config.PresetNames()
	return app.Div().Class("field field-preset").Body(
		app.Label().For("f-preset").Text("Preset"),
		app.Select().ID("f-preset").Title("a starting point: fills in every model and training setting").
			Aria("describedby", "h-preset").
			OnChange(func(ctx app.Context, e app.Event) {
				ctx.NewActionWithValue(ActPreset, ctx.JSSrc().Get("value").String())
			}).
			Body(
				app.If(pp.OwnData != "", func() app.UI {
					return app.Option().Value("").Selected(true).Disabled(true).Text("your data: " + pp.OwnData)
				}),
				app.Range(names).Slice(func(i int) app.UI {
					return selectedIf(app.Option().Value(names[i]), names[i] == pp.Preset && pp.OwnData == "").Text(names[i])
				})),
		app.Small().Class("hint").ID("h-preset").Text(pp.hint()),
		app.If(pp.OwnData == "" && config.PresetNote(pp.Preset) != "", func() app.UI {
			return app.Small().Class("hint preset-note").ID("preset-note").Text(config.PresetNote(pp.Preset))
		}),
	)
}

func (pp *PresetPicker) hint() string {
	if pp.OwnData != "" {
		return "Training on your data. A preset fills in every setting below, its data included."
	}
	return "A starting point: fills in every setting below."
}
