package view

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/ml/config"
)

// PresetPicker fills every model and training setting from a preset.
type PresetPicker struct {
	app.Compo

	Preset string
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
			Body(app.Range(names).Slice(func(i int) app.UI {
				return selectedIf(app.Option().Value(names[i]), names[i] == pp.Preset).Text(names[i])
			})),
		app.Small().Class("hint").ID("h-preset").Text("A starting point: fills in every setting below."),
	)
}
