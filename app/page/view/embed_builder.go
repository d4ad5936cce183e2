package view

import (
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/ml/config"
)

// EmbedOptions are the embed builder's choices: what the frame shows and
// how large it is; the settings come from the lab as it is.
type EmbedOptions struct {
	Panels     []string // panels the frame shows, a subset of config.PanelNames
	Size       string   // SizeAuto, SizeAspect or SizeFixed
	Aspect     string   // one of EmbedAspects, with SizeAspect
	Width      int      // px, with SizeFixed
	Height     int      // px, with SizeFixed; also the auto size's height before the frame reports its own
	Autorun    bool     // the frame starts training when it loads
	Checkpoint string   // a shipped checkpoint to start from, "" for none
}

// The builder's sizes.
const (
	SizeAuto   = "auto"   // as wide as the column, as tall as the content (web/embed.js)
	SizeAspect = "aspect" // as wide as the column, height from an aspect ratio
	SizeFixed  = "fixed"  // a fixed width and height
)

// EmbedAspects are the builder's aspect ratios, width:height.
var EmbedAspects = []string{"4:3", "16:10", "16:9", "1:1", "3:4"}

// ShippedCheckpoints are the checkpoint files in web/checkpoints (a test
// checks the list against the directory, in its order).
var ShippedCheckpoints = []string{"brown-mlm-long.json", "digits-simclr.json"}

// DefaultEmbedOptions are the builder's first choices for cfg: its panels
// without the set-up column, the responsive size.
func DefaultEmbedOptions(cfg config.Config) EmbedOptions {
	var panels []string
	for _, p := range cfg.Panels {
		if p != "setup" {
			panels = append(panels, p)
		}
	}
	if len(panels) == 0 {
		panels = []string{"pretrain"}
	}
	return EmbedOptions{Panels: panels, Size: SizeAuto, Aspect: "4:3", Width: 800, Height: 720,
		Checkpoint: cfg.Checkpoint}
}

// EmbedChange is one change of the builder's options (ActEmbedOption):
// Key names the option, Value its new text (a panel's name with On for
// panels).
type EmbedChange struct {
	Key, Value string
	On         bool
}

// Apply returns o with c applied; values out of range are ignored.
func (o EmbedOptions) Apply(c EmbedChange) EmbedOptions {
	switch c.Key {
	case "panel":
		var next []string
		for _, p := range config.PanelNames { // keep display order
			if p == c.Value && c.On || p != c.Value && slices.Contains(o.Panels, p) {
				next = append(next, p)
			}
		}
		if len(next) > 0 {
			o.Panels = next
		}
	case "size":
		if c.Value == SizeAuto || c.Value == SizeAspect || c.Value == SizeFixed {
			o.Size = c.Value
		}
	case "aspect":
		if slices.Contains(EmbedAspects, c.Value) {
			o.Aspect = c.Value
		}
	case "width", "height":
		n, err := strconv.Atoi(c.Value)
		if err != nil || n < 200 || n > 4000 {
			return o
		}
		if c.Key == "width" {
			o.Width = n
		} else {
			o.Height = n
		}
	case "autorun":
		o.Autorun = c.On
	case "ckpt":
		if c.Value == "" || slices.Contains(ShippedCheckpoints, c.Value) {
			o.Checkpoint = c.Value
		}
	}
	return o
}

// Frame applies the options to cfg: the config of the embedded lab.
func (o EmbedOptions) Frame(cfg config.Config) config.Config {
	c := cfg.Clone()
	c.Embed, c.Autorun, c.Checkpoint = true, o.Autorun, o.Checkpoint
	c.Panels = slices.Clone(o.Panels)
	return c
}

// EmbedTitle is the frame's title attribute: what it runs.
func EmbedTitle(cfg config.Config) string {
	t := "sslab: " + cfg.Objective.Label()
	if d, ok := config.DatasetOf(cfg.Dataset); ok {
		t += " on " + d.Label
	}
	switch {
	case cfg.Shots < 0:
		t += ", all labels"
	case cfg.Shots == 0:
		t += ", zero-shot"
	case cfg.Shots == 1:
		t += ", 1 label per class"
	default:
		t += ", " + itoa(cfg.Shots) + " labels per class"
	}
	return t
}

// EmbedSnippet is the HTML a course author pastes: the iframe, and for the
// auto size the script that sizes it to its content.
func EmbedSnippet(src, title, script string, o EmbedOptions) string {
	attr := attrEscape
	frame := `<iframe src="` + attr(src) + `" title="` + attr(title) + `"`
	switch o.Size {
	// data-sslab-fixed: embed.js, if the page has it for another frame,
	// leaves this one's size alone.
	case SizeFixed:
		frame += ` width="` + itoa(o.Width) + `" height="` + itoa(o.Height) + `" style="border:0" data-sslab-fixed`
	case SizeAspect:
		w, h, _ := strings.Cut(o.Aspect, ":")
		frame += ` width="100%" style="border:0;aspect-ratio:` + w + "/" + h + `" data-sslab-fixed`
	default:
		frame += ` width="100%" height="` + itoa(o.Height) + `" style="border:0"`
	}
	frame += ` loading="lazy" allow="cross-origin-isolated"></iframe>`
	if o.Size == SizeAuto {
		frame += "\n" + `<script src="` + attr(script) + `" async></script>`
	}
	return frame
}

// EmbedBuilder makes the embed a course author wants: which panels, how
// large, whether it starts at once and from which checkpoint, with the
// lab's current settings; it shows the frame as it will look and gives the
// snippet and the link to copy.
type EmbedBuilder struct {
	app.Compo

	Options  EmbedOptions
	Config   config.Config // the frame's config (Options.Frame of the lab's)
	FrameURL string        // the frame's address ("" outside a browser)
	Preview  string        // the preview's address: FrameURL without autorun
	Script   string        // the address of web/embed.js
	OwnData  bool          // the lab trains on the reader's own file, which a link cannot carry

	copied string // which text was just copied ("snippet" or "link")
}

var panelLabels = map[string]string{
	"setup": "Set-up column", "pretrain": "Pretraining views", "adapt": "Adaptation and results", "ideas": "Ideas (formulas)",
}

// builderControl is one control of the builder's form: the form is a
// table of them, drawn by one function (each element a page builds costs
// app.wasm code, and a table keeps that to one copy).
type builderControl struct {
	kind    string // "check", "radio", "select", "number" or "note"
	id      string
	label   string
	key     string // the EmbedChange key it sets
	value   string // its value (check: the panel; radio: the size)
	on      bool   // checked
	choices []string
	labels  []string // shown for choices, if not the choices themselves
}

// controls lists the form's controls for the options o, by group.
func (b *EmbedBuilder) controls() [][]builderControl {
	o := b.Options
	var panels []builderControl
	for _, p := range config.PanelNames {
		panels = append(panels, builderControl{kind: "check", id: "eb-panel-" + p, label: panelLabels[p], key: "panel", value: p,
			on: slices.Contains(o.Panels, p)})
	}
	size := []builderControl{
		{kind: "radio", id: "eb-size-" + SizeAuto, key: "size", value: SizeAuto, on: o.Size == SizeAuto,
			label: "As wide as the notes column; as tall as its content (with the script below; " + itoa(o.Height) + " px without it)"},
		{kind: "radio", id: "eb-size-" + SizeAspect, key: "size", value: SizeAspect, on: o.Size == SizeAspect,
			label: "As wide as the notes column; height from an aspect ratio"},
	}
	if o.Size == SizeAspect {
		size = append(size, builderControl{kind: "select", id: "eb-aspect", label: "Width : height", key: "aspect", value: o.Aspect, choices: EmbedAspects})
	}
	size = append(size, builderControl{kind: "radio", id: "eb-size-" + SizeFixed, key: "size", value: SizeFixed, on: o.Size == SizeFixed, label: "A fixed size"})
	if o.Size == SizeFixed {
		size = append(size,
			builderControl{kind: "number", id: "eb-width", label: "Width (px)", key: "width", value: itoa(o.Width)},
			builderControl{kind: "number", id: "eb-height", label: "Height (px)", key: "height", value: itoa(o.Height)})
	}
	start := []builderControl{
		{kind: "check", id: "eb-autorun", label: "Start training when the frame loads", key: "autorun", on: o.Autorun},
		{kind: "note", label: "A large run waits for the reader's click instead, with its estimated time."},
		{kind: "select", id: "eb-ckpt", label: "Starting checkpoint", key: "ckpt", value: o.Checkpoint,
			choices: append([]string{""}, ShippedCheckpoints...), labels: append([]string{"none: pretrain in the frame"}, ShippedCheckpoints...)},
		{kind: "note", label: "A shipped encoder, adapted at once without pretraining; it must match these settings' encoder widths."},
	}
	return [][]builderControl{panels, size, start}
}

var builderGroups = []string{"Panels", "Size", "Start"}

func (b *EmbedBuilder) Render() app.UI {
	o := b.Options
	snippet := EmbedSnippet(b.FrameURL, EmbedTitle(b.Config), b.Script, o)
	groups := b.controls()
	return app.Section().Class("builder").ID("embed-builder").Aria("labelledby", "builder-title").Body(
		app.Div().Class("builder-head").Body(
			app.H2().Class("panel-title").ID("builder-title").Text("Embed this lab in course notes"),
			app.Button().Class("btn btn-quiet").ID("btn-builder-close").Type("button").
				OnClick(func(ctx app.Context, e app.Event) { ctx.NewAction(ActCloseBuilder) }).Text("Close"),
		),
		app.P().Class("builder-intro").Text("The frame opens with this lab's settings, every one of them and the seed ("+
			strings.TrimPrefix(EmbedTitle(b.Config), "sslab: ")+", seed "+strconv.FormatUint(b.Config.Seed, 10)+
			"): change them in the set-up column and the snippet follows."),
		app.If(b.OwnData, func() app.UI {
			return app.P().Class("alert alert-notice").Text("Your own data file never travels in a link: the frame trains on the preset's data.")
		}),
		app.Div().Class("builder-grid").Body(
			app.Div().Class("builder-options").Body(app.Range(groups).Slice(func(g int) app.UI {
				return app.FieldSet().Class("builder-group").Body(
					app.Legend().Text(builderGroups[g]),
					app.Range(groups[g]).Slice(func(i int) app.UI { return renderControl(groups[g][i]) }),
				)
			})),
			app.Div().Class("builder-out").Body(
				b.output("embed-code", "Snippet to paste into the notes", "snippet", "Copy snippet", snippet),
				b.output("embed-link", "Link to the same lab", "link", "Copy link", b.FrameURL),
				app.P().Class("hint").Body(
					app.Text("The frame reports its height and its results to the notes, and takes commands from them: "),
					app.A().Href(b.docsURL()).Text("the embedding protocol"),
					app.Text("."),
				),
			),
		),
		app.H3().Class("builder-preview-title").Text("Preview in a notes column"),
		app.P().Class("hint").Text("The frame as it will look (without starting training)."),
		app.Div().Class("builder-preview").Body(
			app.If(b.Preview != "", func() app.UI { return b.preview() }),
		),
	)
}

// renderControl draws one control of the builder's form.
func renderControl(c builderControl) app.UI {
	if c.kind == "note" {
		return app.Small().Class("hint").Text(c.label)
	}
	var in app.UI
	switch c.kind {
	case "check", "radio":
		in = checkedIf(app.Input().Type(map[string]string{"check": "checkbox", "radio": "radio"}[c.kind]).Name(c.key).ID(c.id).Value(c.value), c.on).OnChange(sendEmbedChange)
		return app.Div().Class("choice").Body(in, app.Label().For(c.id).Text(c.label))
	case "select":
		in = app.Select().ID(c.id).Name(c.key).OnChange(sendEmbedChange).Body(app.Range(c.choices).Slice(func(i int) app.UI {
			text := c.choices[i]
			if c.labels != nil {
				text = c.labels[i]
			}
			return selectedIf(app.Option().Value(c.choices[i]), c.choices[i] == c.value).Text(text)
		}))
	default:
		in = app.Input().Type("number").ID(c.id).Name(c.key).Min(200).Max(4000).Value(c.value).OnChange(sendEmbedChange)
	}
	return app.Div().Class("field field-inline").Body(app.Label().For(c.id).Text(c.label), in)
}

// sendEmbedChange reports a builder control's change, read from the
// element itself (its name is the option, its value the new value): go-app
// keeps a handler of an earlier render, so nothing it captured is trusted.
func sendEmbedChange(ctx app.Context, e app.Event) {
	src := ctx.JSSrc()
	ctx.NewActionWithValue(ActEmbedOption, EmbedChange{Key: src.Get("name").String(), Value: src.Get("value").String(),
		On: src.Get("checked").Truthy()})
}

// output is a read-only text to copy, with its button and status.
func (b *EmbedBuilder) output(id, label, which, button, text string) app.UI {
	var field app.UI
	if which == "snippet" {
		// A textarea shows the code as text: nothing in it is interpreted.
		field = app.Textarea().ID(id).ReadOnly(true).Rows(5).Text(text).OnFocus(selectAll)
	} else {
		field = app.Input().Type("text").ID(id).ReadOnly(true).Value(text).OnFocus(selectAll)
	}
	return app.Div().Class("field").Body(
		app.Label().For(id).Text(label),
		field,
		app.Div().Class("action-row").Body(
			app.Button().Class("btn btn-small").ID("btn-copy-"+which).Type("button").
				OnClick(func(ctx app.Context, e app.Event) { b.copy(ctx, which, id) }).Text(button),
			app.Span().Class("copy-status").Aria("live", "polite").Text(copiedText(b.copied, which)),
		),
	)
}

func selectAll(ctx app.Context, e app.Event) { ctx.JSSrc().Call("select") }

// preview is the frame as the snippet makes it, in the builder's column,
// as markup: a new address replaces the frame, which loads it.
func (b *EmbedBuilder) preview() app.UI {
	o := b.Options
	size := `style="border:1px solid #dde2e8;width:100%;height:` + itoa(o.Height) + `px"`
	switch o.Size {
	case SizeFixed:
		size = `width="` + itoa(o.Width) + `" height="` + itoa(o.Height) + `" style="border:1px solid #dde2e8" data-sslab-fixed`
	case SizeAspect:
		w, h, _ := strings.Cut(o.Aspect, ":")
		size = `style="border:1px solid #dde2e8;width:100%;aspect-ratio:` + w + "/" + h + `" data-sslab-fixed`
	}
	// Without data-sslab-fixed, embed.js (which the lab's page has) sizes
	// it from the frame's resize messages.
	return app.Raw(`<iframe id="embed-preview" src="` + attrEscape(b.Preview) + `" title="` + attrEscape("Preview: "+EmbedTitle(b.Config)) +
		`" allow="cross-origin-isolated" ` + size + `></iframe>`)
}

// attrEscape escapes s for an HTML attribute value in double quotes.
func attrEscape(s string) string {
	return strings.NewReplacer(`&`, "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// docsURL is the address of the protocol's documentation, beside embed.js.
func (b *EmbedBuilder) docsURL() string {
	if i := strings.LastIndex(b.Script, "/web/embed.js"); i >= 0 {
		return b.Script[:i] + "/embed/"
	}
	return "embed/"
}

func copiedText(copied, which string) string {
	switch copied {
	case which:
		return "Copied."
	case which + "-select":
		return "Selected: press Ctrl+C (⌘C) to copy."
	}
	return ""
}

// copy puts the text of a field on the clipboard, or, where that is not
// allowed, selects it for copying by hand. The text is read from the field
// as it is now (a handler may be an earlier render's).
func (b *EmbedBuilder) copy(ctx app.Context, which, fieldID string) {
	field := app.Window().GetElementByID(fieldID)
	if !field.Truthy() {
		return
	}
	text := field.Get("value").String()
	clip := app.Window().Get("navigator").Get("clipboard")
	selectField := func() {
		if el := app.Window().GetElementByID(fieldID); el.Truthy() {
			el.Call("focus")
			el.Call("select")
		}
	}
	if !clip.Truthy() {
		selectField()
		b.copied = which + "-select"
		return
	}
	var ok, fail app.Func
	settle := func(state string) {
		ctx.Dispatch(func(ctx app.Context) {
			if state != which {
				selectField()
			}
			b.copied = state
		})
		ok.Release()
		fail.Release()
	}
	ok = app.FuncOf(func(app.Value, []app.Value) any { settle(which); return nil })
	fail = app.FuncOf(func(app.Value, []app.Value) any { settle(which + "-select"); return nil })
	clip.Call("writeText", text).Call("then", ok, fail)
}
