package view

import (
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/ml/config"
)

// FieldControl edits one config field: a visible label, the control the
// field's kind calls for, and a hint with its explanation and allowed
// values (also the control's title, and tied to it by aria-describedby).
// A refused value is explained under the control.
type FieldControl struct {
	app.Compo

	Name  string // the field's key
	Value string // its current text
	Error string // why the last value typed was refused
	// Unused says why the field has no effect with the other settings
	// ("" when it has one): the control is disabled, since the config
	// refuses a value other than the preset's there, and says why.
	Unused string
}

func (fc *FieldControl) Render() app.UI {
	f, ok := config.Lookup(fc.Name)
	if !ok {
		return app.Div()
	}
	id, hintID, errID := "f-"+f.Name, "h-"+f.Name, "e-"+f.Name
	described := hintID
	if fc.Error != "" {
		described += " " + errID
	}
	// The explanation is always shown, under the control (a tooltip
	// never shows on a touch screen); the allowed range while the control
	// has focus, or always when the field is unused, with why.
	allowed := ""
	if f.Kind == config.Int || f.Kind == config.Float {
		allowed = " Allowed: " + f.Allowed() + "."
	}
	hint := app.Small().Class("hint").ID(hintID).Body(
		app.Span().Class("hint-help").Text(capitalize(f.Help)+"."),
		app.If(allowed != "", func() app.UI { return app.Span().Class("hint-allowed").Text(allowed) }),
		app.If(fc.Unused != "", func() app.UI { return app.Span().Class("hint-unused").Text(" " + fc.Unused) }),
	)
	off := fc.Unused != ""
	var control app.UI
	switch f.Kind {
	case config.Enum:
		control = disabledIf(app.Select(), off).ID(id).Title(f.Help).Aria("describedby", described).
			OnChange(fc.changed).
			Body(app.Range(f.Choices).Slice(func(i int) app.UI {
				c := f.Choices[i]
				return selectedIf(app.Option().Value(c), c == fc.Value).Text(c)
			}))
	case config.Bool:
		return app.Div().Class("field field-check").DataSet("field", f.Name).Body(
			checkedIf(disabledIf(app.Input(), off).Type("checkbox").ID(id).Title(f.Help).Aria("describedby", described), fc.Value == "1").
				OnChange(func(ctx app.Context, e app.Event) {
					v := "0"
					if ctx.JSSrc().Get("checked").Bool() {
						v = "1"
					}
					ctx.NewActionWithValue(ActSetField, FieldChange{Name: fc.Name, Value: v})
				}),
			app.Label().For(id).Text(f.Label),
			hint,
			fc.renderError(errID),
		)
	case config.StringList:
		return fc.renderChoices(f, described, hint, off)
	default:
		in := disabledIf(app.Input(), off).ID(id).Title(f.Help).Aria("describedby", described).
			Value(fc.Value).Aria("invalid", fc.Error != "").AutoComplete(false).Spellcheck(false).
			OnChange(fc.changed)
		switch f.Kind {
		case config.Int:
			in = in.Type("number").Min(f.Min).Max(f.Max).Step(1)
		case config.Float:
			in = in.Type("number").Min(f.Min).Max(f.Max).Attr("step", "any")
		default:
			in = in.Type("text")
			if f.Kind == config.IntList {
				in = in.Placeholder("none")
			}
		}
		control = in
	}
	return app.Div().Class("field").DataSet("field", f.Name).Body(
		app.Label().For(id).Text(f.Label),
		control,
		hint,
		fc.renderError(errID),
	)
}

// renderChoices draws a StringList field as a group of checkboxes.
func (fc *FieldControl) renderChoices(f config.Field, described string, hint app.UI, off bool) app.UI {
	current := strings.Split(fc.Value, ",")
	errID := "e-" + f.Name
	return app.FieldSet().Class("field field-choices").DataSet("field", f.Name).Aria("describedby", described).Body(
		app.Legend().Text(f.Label),
		app.Div().Class("choices").Body(app.Range(f.Choices).Slice(func(i int) app.UI {
			c := f.Choices[i]
			id := "f-" + f.Name + "-" + c
			return app.Span().Class("choice").Body(
				checkedIf(disabledIf(app.Input(), off).Type("checkbox").ID(id).Title(f.Help), slices.Contains(current, c)).
					// The choice and its new state only: go-app keeps the
					// handler of the first render (it compares handlers by
					// code, not by what they captured), so a list computed
					// here would be the first render's. The Lab applies the
					// toggle to the config it holds now.
					OnChange(func(ctx app.Context, e app.Event) {
						ctx.NewActionWithValue(ActToggleChoice, ChoiceToggle{Name: f.Name, Choice: c, On: ctx.JSSrc().Get("checked").Bool()})
					}),
				app.Label().For(id).Text(c),
			)
		})),
		hint,
		fc.renderError(errID),
	)
}

func (fc *FieldControl) renderError(id string) app.UI {
	if fc.Error == "" {
		return app.Div().Class("field-error-none")
	}
	return app.P().Class("field-error").ID(id).Role("alert").Text(fc.Error)
}

// changed reports the control's new text to the Lab.
func (fc *FieldControl) changed(ctx app.Context, e app.Event) {
	ctx.NewActionWithValue(ActSetField, FieldChange{Name: fc.Name, Value: strings.TrimSpace(ctx.JSSrc().Get("value").String())})
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
