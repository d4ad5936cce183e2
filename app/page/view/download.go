package view

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// lastObjectURL is revoked when the next download starts: long enough for
// the browser to have fetched it.
var lastObjectURL app.Value

// Download offers content as a file through a Blob, an object URL and a
// temporary download link.
func Download(name, mime, content string) {
	if app.IsServer {
		return
	}
	win := app.Window()
	if !win.Get("Blob").Truthy() {
		return
	}
	if lastObjectURL != nil {
		win.Get("URL").Call("revokeObjectURL", lastObjectURL)
	}
	blob := win.Get("Blob").New([]any{content}, map[string]any{"type": mime})
	url := win.Get("URL").Call("createObjectURL", blob)
	lastObjectURL = url
	doc := win.Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Set("rel", "noopener")
	a.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
}
