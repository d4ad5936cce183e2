package view

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
	"sslab/ml/config"
)

// SetupPanel is the set-up column: a preset picker and one control per
// config field, generated from config.Fields, so the page, the URL and the
// command-line flags share one schema.
type SetupPanel struct {
	app.Compo

	Config config.Config
	Errors map[string]string // refused values, by field
	Locked bool              // a run is under way: settings cannot change
	// Drawer: on a narrow screen the column is a drawer, and it is open.
	Drawer bool
	// The user's own data file (see DataUpload).
	Data        *session.DataInfo
	DataError   string
	DataLoading string
}

func (p *SetupPanel) Render() app.UI {
	var unused []string
	groups := make([]app.UI, 0, len(setupGroups()))
	for _, g := range setupGroups() {
		var used []string
		for _, name := range g.Names {
			if p.notApplies(name) == "" {
				used = append(used, name)
			} else {
				unused = append(unused, name)
			}
		}
		if len(used) > 0 {
			groups = append(groups, p.renderGroup(g.Title, used))
		}
		if g.Title == config.GroupData {
			groups = append(groups, &DataUpload{Info: p.Data, Error: p.DataError, Loading: p.DataLoading,
				Active: p.Config.Dataset == config.CSVDataset})
		}
	}
	return app.Aside().Class("setup").ID("setup").Aria("label", "Set-up").Body(
		app.Div().Class("setup-head").Body(
			app.H2().Class("panel-title").Text("Set-up"),
			// Shown on narrow screens only, where the column is a drawer.
			app.Button().Class("btn btn-quiet btn-small drawer-close").ID("btn-setup-close").Type("button").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewActionWithValue(ActDrawer, false) }).Text("Close"),
		),
		// Always there, hidden when unlocked: an element that came and
		// went would shift the fields after it, and go-app, which pairs
		// children by position, would build every field control anew at
		// each Start (a long task on the page's thread).
		app.P().Class("setup-locked").Hidden(!p.Locked).
			Text("Settings are locked while a run is under way; Reset to change them."),
		disabledIf(app.FieldSet().Class("setup-fields"), p.Locked).Body(
			&PresetPicker{Preset: p.Config.Preset, OwnData: ownDataName(p.Config, p.Data)},
			app.Range(groups).Slice(func(i int) app.UI { return groups[i] }),
			app.If(len(unused) > 0, func() app.UI {
				return app.Details().Class("unused").Body(
					app.Summary().Text("Not used with these settings ("+itoa(len(unused))+")"),
					p.renderFields(unused, true),
				)
			}),
		),
	)
}

// ownDataName is the name of the reader's file while it is the dataset,
// else "".
func ownDataName(cfg config.Config, info *session.DataInfo) string {
	if cfg.Dataset != config.CSVDataset {
		return ""
	}
	if info == nil {
		return "your data"
	}
	return info.Name
}

// notApplies says why field name has no effect on the config, or "" if it
// has one: the schema's rule (Field.Applies), and for the user's file,
// which the schema cannot tell images from tabular data, the rule of a
// built-in dataset of the kind the loaded file has.
func (p *SetupPanel) notApplies(name string) string {
	f, _ := config.Lookup(name)
	if !f.Applies(&p.Config) {
		return f.NotApplies(&p.Config)
	}
	if p.Config.Dataset != config.CSVDataset || p.Data == nil {
		return ""
	}
	images := p.Data.Width > 0
	c := p.Config
	c.Dataset = standIn(images)
	if c.Dataset == "" || f.Applies(&c) {
		return ""
	}
	if images {
		return "does not apply to " + p.Data.Name + ", whose features are the pixels of an image"
	}
	return "does not apply to " + p.Data.Name + ", whose features are not an image's pixels (give its size under Reading options if they are)"
}

// standIn returns a built-in dataset of images (images true) or of
// features (points or tabular data), the first of the datasets table.
func standIn(images bool) string {
	for _, d := range config.Datasets() {
		if images && d.Kind == config.Images || !images && (d.Kind == config.Tabular || d.Kind == config.Points) {
			return d.Name
		}
	}
	return ""
}

func (p *SetupPanel) renderGroup(title string, names []string) app.UI {
	return app.Div().Class("setup-group").Body(
		app.H3().Text(title),
		p.renderFields(names, false),
	)
}

// renderFields draws the controls of the named fields; those that do not
// apply (unused) are disabled with the reason, so that no value the
// config would refuse can be typed into them.
func (p *SetupPanel) renderFields(names []string, unused bool) app.UI {
	return app.Div().Class("fields").Body(app.Range(names).Slice(func(i int) app.UI {
		name := names[i]
		f, _ := config.Lookup(name)
		fc := &FieldControl{Name: name, Value: f.Get(&p.Config), Error: p.Errors[name]}
		if unused {
			fc.Unused = capitalize(p.notApplies(name)) + "."
		}
		return fc
	}))
}
