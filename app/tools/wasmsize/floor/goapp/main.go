// Command goapp is the smallest go-app page: one component and a route,
// the floor of web/app.wasm (go-app imports net/http, which the linker
// keeps with its crypto and regexp).
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

type hello struct{ app.Compo }

func (h *hello) Render() app.UI { return app.H1().Text("sslab") }

func main() {
	app.Route("/", func() app.Composer { return &hello{} })
	app.RunWhenOnBrowser()
}
