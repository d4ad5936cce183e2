package view

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// EmbedCode gives a course author the iframe that embeds the lab with the
// current settings, in the compact layout.
type EmbedCode struct {
	app.Compo

	URL string // the lab's URL with embed=1; "" outside a browser
}

func (e *EmbedCode) Render() app.UI {
	if e.URL == "" {
		return app.Div()
	}
	code := `<iframe src="` + e.URL + `" width="800" height="600" title="sslab" loading="lazy"></iframe>`
	return app.Details().Class("embed-code").Body(
		app.Summary().Text("Embed this lab in course notes"),
		app.Label().For("embed-code").Class("embed-hint").
			Text("Paste this into a page: the frame opens with these exact settings, the seed included, in the compact layout."),
		// A textarea shows the code as text: nothing in it is interpreted.
		app.Textarea().ID("embed-code").ReadOnly(true).Rows(4).Text(code).
			OnFocus(func(ctx app.Context, e app.Event) { ctx.JSSrc().Call("select") }),
	)
}
