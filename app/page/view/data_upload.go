package view

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
	"sslab/ml/data"
)

// privacyNote is the promise the upload control makes, and keeps: the
// file is read by the page, handed to the training worker of the same tab,
// and never uploaded (no request carries it; the URL only says data=csv).
const privacyNote = "Your file never leaves this browser: it is read and trained on here, and sent nowhere."

// DataUpload is the set-up column's "Your own data (CSV)": a file picker
// and drop zone, the reading options, the limits and what was loaded. It
// reads the file in the page (File.text) after checking its size, and
// hands the text to the Lab, which sends it to the worker to parse.
type DataUpload struct {
	app.Compo

	Info    *session.DataInfo // the file the worker accepted, nil if none
	Error   string            // why the last file was refused
	Loading string            // name of a file being read, "" if none
	Active  bool              // the config trains on the file (data=csv)

	// Reading options, kept by the component between files.
	label, header, image string
	dragging             bool
}

func (d *DataUpload) Render() app.UI {
	zone := "drop-zone"
	if d.dragging {
		zone += " drop-zone-over"
	}
	return app.Div().Class("setup-group data-upload").ID("data-upload").Body(
		app.H3().Text("Your own data (CSV)"),
		app.Div().Class(zone).ID("drop-zone").
			OnDragOver(d.onDragOver).OnDragEnter(d.onDragOver).OnDragLeave(d.onDragLeave).OnDrop(d.onDrop).Body(
			app.Label().Class("btn btn-small file-button").For("data-file").Body(
				app.Text("Choose a CSV file…"),
				app.Input().Type("file").ID("data-file").Class("visually-hidden").
					Accept(".csv,.tsv,.txt,text/csv,text/plain").OnChange(d.onPick),
			),
			app.Span().Class("drop-hint").Text(" or drop it here"),
		),
		app.P().Class("privacy").ID("data-privacy").Text(privacyNote),
		app.Details().Class("data-options").Body(
			app.Summary().Text("Reading options"),
			app.Div().Class("fields").Body(
				app.Div().Class("field").Body(
					app.Label().For("data-label").Text("Label column"),
					app.Input().Type("text").ID("data-label").Value(d.label).Placeholder("auto").AutoComplete(false).
						Title("A header name, a 1-based column number, or none; auto takes the column headed label, class, target or y").
						OnChange(func(ctx app.Context, e app.Event) { d.label = strings.TrimSpace(ctx.JSSrc().Get("value").String()) }),
				),
				app.Div().Class("field").Body(
					app.Label().For("data-header").Text("Header line"),
					app.Select().ID("data-header").OnChange(func(ctx app.Context, e app.Event) {
						d.header = ctx.JSSrc().Get("value").String()
					}).Body(
						selectedIf(app.Option().Value("auto"), d.header == "" || d.header == "auto").Text("auto"),
						selectedIf(app.Option().Value("yes"), d.header == "yes").Text("yes"),
						selectedIf(app.Option().Value("no"), d.header == "no").Text("no"),
					),
				),
				app.Div().Class("field").Body(
					app.Label().For("data-image").Text("Image size"),
					app.Input().Type("text").ID("data-image").Value(d.image).Placeholder("none, or 28x28").AutoComplete(false).
						Title("If the features are the pixels of an image, its width and height, as in 28x28").
						OnChange(func(ctx app.Context, e app.Event) { d.image = strings.TrimSpace(ctx.JSSrc().Get("value").String()) }),
				),
			),
		),
		app.P().Class("hint data-limits").ID("data-limits").Text(dataLimits()),
		d.renderState(),
	)
}

// dataLimits states the limits of data.ReadCSV.
func dataLimits() string {
	return fmt.Sprintf("Numbers, one example per line, with an optional header and at most one label column (which may hold text, such as class names). "+
		"Limits: %d MiB, %s rows, %s columns, %d classes; at least %d rows.",
		data.MaxCSVBytes>>20, groupThousands(data.MaxCSVRows), groupThousands(data.MaxCSVColumns), data.MaxCSVClasses, data.MinCSVRows)
}

func (d *DataUpload) renderState() app.UI {
	var out []app.UI
	if d.Loading != "" {
		out = append(out, app.P().Class("data-status").ID("data-loading").Role("status").Text("Reading "+d.Loading+"…"))
	}
	if d.Error != "" {
		kept := ""
		if d.Info != nil {
			kept = " The previously loaded " + d.Info.Name + " is still used."
		}
		msg := d.Error
		if !strings.HasSuffix(msg, ".") {
			msg += "."
		}
		out = append(out, app.P().Class("alert alert-error").ID("data-error").Role("alert").Text(msg+kept))
	}
	if i := d.Info; i != nil {
		out = append(out, app.P().Class("data-status").ID("data-info").Body(
			app.Strong().Text(i.Name),
			app.Text(": "+describeData(*i)),
			app.If(!d.Active, func() app.UI { return app.Text(" Choose data “csv” to train on it.") }),
		))
		if i.LabelGuessed {
			out = append(out, app.P().Class("data-status").ID("data-label-note").Text(
				"No column is headed label, class, target or y, so the label is "+i.Label+
					", the file's column of text. To use another, name it under Reading options › Label column and load the file again."))
		}
		if len(i.Tasks) == 0 {
			out = append(out, app.P().Class("alert alert-warn").Text(
				"No label column was found, so the results cannot be measured: name it under Reading options, or head it label, class, target or y."))
		}
	}
	return app.Div().Class("data-state").Body(out...)
}

// describeData words a loaded dataset's summary.
func describeData(i session.DataInfo) string {
	s := groupThousands(i.Rows) + " rows, " + groupThousands(i.Columns) + " feature columns"
	if i.Width > 0 {
		s += fmt.Sprintf(" (%d×%d images)", i.Width, i.Height)
	}
	if i.Classes > 0 {
		s += ", " + itoa(i.Classes) + " classes"
	}
	if len(i.Tasks) > 0 {
		tasks := make([]string, len(i.Tasks))
		for k, t := range i.Tasks {
			tasks[k] = string(t)
		}
		s += "; tasks: " + strings.Join(tasks, ", ")
	}
	return s + "."
}

func (d *DataUpload) onPick(ctx app.Context, e app.Event) {
	input := ctx.JSSrc()
	d.read(ctx, input.Get("files").Index(0))
	input.Set("value", "") // picking the same file again fires change again
}

func (d *DataUpload) onDragOver(ctx app.Context, e app.Event) {
	e.PreventDefault() // or the browser opens the file instead of dropping it
	d.dragging = true
}

func (d *DataUpload) onDragLeave(ctx app.Context, e app.Event) { d.dragging = false }

func (d *DataUpload) onDrop(ctx app.Context, e app.Event) {
	e.PreventDefault()
	d.dragging = false
	if dt := e.Get("dataTransfer"); dt.Truthy() {
		if files := dt.Get("files"); files.Truthy() && files.Length() > 0 {
			d.read(ctx, files.Index(0))
		}
	}
}

// read checks file's size and reads it as text for the Lab. The size is
// checked before reading: a huge file would stall the page while read.
func (d *DataUpload) read(ctx app.Context, file app.Value) {
	if !file.Truthy() {
		return
	}
	name := file.Get("name").String()
	if size := file.Get("size").Int(); size > data.MaxCSVBytes {
		ctx.NewActionWithValue(ActRefuseData, fmt.Sprintf("%s: the file has %s bytes, more than the %d MiB (%s bytes) sslab reads so that the page stays responsive: use fewer rows or columns",
			name, groupThousands(size), data.MaxCSVBytes>>20, groupThousands(data.MaxCSVBytes)))
		return
	}
	label, header, image := d.label, d.header, d.image
	file.Call("text").Then(func(text app.Value) {
		ctx.NewActionWithValue(ActLoadData, DataFile{Name: name, Text: text.String(), Label: label, Header: header, Image: image})
	})
}
