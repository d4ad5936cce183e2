package view

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Footer says where the computation happens, left out when embedded.
type Footer struct {
	app.Compo
}

func (f *Footer) Render() app.UI {
	return app.Footer().Class("page-footer").Body(
		app.P().Text("Everything runs in this browser tab: Go compiled to WebAssembly, training in a Web Worker. " +
			"The URL holds every setting, the seed included, so a link reproduces a run exactly."),
	)
}
