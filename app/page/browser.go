package page

import (
	"encoding/json"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Small bridges to browser APIs. They go through go-app's JS values and do
// nothing outside a browser (app.IsServer: prerendering, native tests),
// where those values are inert stand-ins.

// inFrame reports whether the page is embedded in another page.
func inFrame() bool {
	if app.IsServer {
		return false
	}
	win := app.Window()
	parent := win.Get("parent")
	return parent.Truthy() && !parent.Equal(win.JSValue())
}

// postToParent sends an embedding page a message {source: "sslab", type,
// ...fields}. The message is built as JSON and parsed by the browser, so
// nested rows arrive as plain objects.
func postToParent(kind string, fields map[string]any) {
	if !inFrame() {
		return
	}
	msg := map[string]any{"source": "sslab", "type": kind}
	for k, v := range fields {
		msg[k] = v
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return
	}
	win := app.Window()
	obj := win.Get("JSON").Call("parse", string(b))
	// The results are not secret and the embedding page may live on any
	// origin, so any origin may read them.
	win.Get("parent").Call("postMessage", obj, "*")
}

// replaceQuery puts query in the address bar without reloading or adding
// a history entry: the URL always holds the whole state.
func replaceQuery(query string) {
	if app.IsServer {
		return
	}
	history := app.Window().Get("history")
	if !history.Truthy() {
		return
	}
	history.Call("replaceState", nil, "", "?"+query)
}

// pageURL returns the page's current address.
func pageURL() string {
	if app.IsServer {
		return ""
	}
	href := app.Window().Get("location").Get("href")
	if href.Type() != app.TypeString {
		return ""
	}
	return href.String()
}

// pageBase returns the page's address without its query.
func pageBase() string {
	if app.IsServer {
		return ""
	}
	loc := app.Window().Get("location")
	origin, path := loc.Get("origin"), loc.Get("pathname")
	if origin.Type() != app.TypeString || path.Type() != app.TypeString {
		return ""
	}
	return origin.String() + path.String()
}

// absoluteURL turns a path into a URL on the page's origin, for code that
// fetches outside the page (the worker).
func absoluteURL(path string) string {
	if app.IsServer {
		return path
	}
	origin := app.Window().Get("location").Get("origin")
	if origin.Type() != app.TypeString {
		return path
	}
	return origin.String() + path
}
