package view

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Header is the page's title bar, with the embed builder's button for
// course authors; embedded, only its heading, visually hidden, so that the
// frame's page still has an h1 (in a banner landmark, as all content must
// be) for screen readers.
type Header struct {
	app.Compo

	Embedded    bool
	BuilderOpen bool
}

func (h *Header) Render() app.UI {
	if h.Embedded {
		return app.Header().Body(app.H1().Class("visually-hidden").Text("sslab: a self-supervised learning lab"))
	}
	return app.Header().Class("page-header").Body(
		app.Div().Class("brand").Body(
			// go-app drops an empty alt, which would leave the image
			// without one: the logo is named.
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
