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
	// EmbedURL is the lab's URL for an iframe ("" outside a browser).
	EmbedURL string
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
			if p.applies(name) {
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
		app.H2().Class("panel-title").Text("Set-up"),
		// Always there, hidden when unlocked: an element that came and
		// went would shift the fields after it, and go-app, which pairs
		// children by position, would build every field control anew at
		// each Start (a long task on the page's thread).
		app.P().Class("setup-locked").Hidden(!p.Locked).
			Text("Settings are locked while a run is under way; Reset to change them."),
		disabledIf(app.FieldSet().Class("setup-fields"), p.Locked).Body(
			&PresetPicker{Preset: p.Config.Preset},
			app.Range(groups).Slice(func(i int) app.UI { return groups[i] }),
			app.If(len(unused) > 0, func() app.UI {
				return app.Details().Class("unused").Body(
					app.Summary().Text("Not used with these settings ("+itoa(len(unused))+")"),
					p.renderFields(unused),
				)
			}),
		),
		&EmbedCode{URL: p.EmbedURL},
	)
}

// applies reports whether field name matters to the config: the schema's
// rule, and for a file of the user's, image settings only on images.
func (p *SetupPanel) applies(name string) bool {
	f, _ := config.Lookup(name)
	if !f.Applies(&p.Config) {
		return false
	}
	if p.Config.Dataset == config.CSVDataset && p.Data != nil && p.Data.Width == 0 && imageFields[name] {
		return false
	}
	return true
}

func (p *SetupPanel) renderGroup(title string, names []string) app.UI {
	return app.Div().Class("setup-group").Body(
		app.H3().Text(title),
		p.renderFields(names),
	)
}

func (p *SetupPanel) renderFields(names []string) app.UI {
	return app.Div().Class("fields").Body(app.Range(names).Slice(func(i int) app.UI {
		name := names[i]
		f, _ := config.Lookup(name)
		return &FieldControl{Name: name, Value: f.Get(&p.Config), Error: p.Errors[name]}
	}))
}
