package view

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Header is the page's title bar, left out when embedded.
type Header struct {
	app.Compo
}

func (h *Header) Render() app.UI {
	return app.Header().Class("page-header").Body(
		app.Div().Class("brand").Body(
			app.Img().Src("/web/icon.svg").Alt("").Width(32).Height(32),
			app.Div().Body(
				app.H1().Text("sslab"),
				app.P().Class("tagline").Text("A self-supervised learning lab: pretrain an encoder on unlabeled data, adapt it with a few labels, and see why pretraining helps."),
			),
		),
	)
}
