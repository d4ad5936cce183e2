package page

import (
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

// isolated reports whether the page may share memory between workers
// (cross-origin isolated), or runs on a single core anyway.
func isolated() bool {
	if app.IsServer {
		return true
	}
	win := app.Window()
	if win.Get("crossOriginIsolated").Truthy() {
		return true
	}
	n := win.Get("navigator").Get("hardwareConcurrency")
	return n.Type() != app.TypeNumber || n.Int() <= 1
}

// oneCoreNotice tells a reader why this copy of the lab is slower, in the
// reader's words: the fix belongs to whoever hosts it (README, Hosting).
const oneCoreNotice = "This copy of the lab trains on one core of your computer: the site hosting it does not let the lab " +
	"share work between cores, so runs take longer (about twice as long on a two-core laptop). Everything else works the same."
