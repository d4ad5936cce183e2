package view

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Header is the page's title bar, left out when embedded: the title, the
// tagline, and the embed builder's button for course authors.
type Header struct {
	app.Compo

	BuilderOpen bool
}

func (h *Header) Render() app.UI {
	return app.Header().Class("page-header").Body(
		app.Div().Class("brand").Body(
			app.Img().Src("/web/icon.svg").Alt("sslab logo").Width(32).Height(32),
			app.Div().Body(
				app.H1().Text("sslab"),
				app.P().Class("tagline").Text("A self-supervised learning lab: pretrain an encoder on unlabeled data, adapt it with a few labels, and see why pretraining helps."),
			),
		),
		app.Div().Class("header-actions").Body(
			app.Button().Class("btn btn-quiet").ID("btn-builder").Type("button").
				Aria("expanded", h.BuilderOpen).Aria("controls", "embed-builder").
				Title("Make an iframe of this lab for course notes: panels, size, autorun").
				OnClick(func(ctx app.Context, e app.Event) {
					if h.BuilderOpen {
						ctx.NewAction(ActCloseBuilder)
					} else {
						ctx.NewAction(ActOpenBuilder)
					}
				}).Text("Embed…"),
		),
	)
}
