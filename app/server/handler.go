package server

import (
	_ "embed" // the service worker and the embedding page
	"net/http"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// newHandler returns the go-app handler of the lab, which prerenders the
// page and serves go-app's scripts. Everything it references is local: the
// page must work with no internet access.
func newHandler(resources app.ResourceResolver, version string) *app.Handler {
	return &app.Handler{
		Name:        "sslab",
		ShortName:   "sslab",
		Title:       "sslab: a self-supervised learning lab",
		Description: "Pretrain a small encoder on unlabeled data in your browser, adapt it with a few labels, and see why pretraining helps.",
		Lang:        "en",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-512.png",
			SVG:      "/web/icon.svg",
		},
		BackgroundColor: "#f7f8fa",
		ThemeColor:      "#2f5d8a",
		LoadingLabel:    "Loading the lab… {progress}%",
		Styles:          []string{"/web/style.css"},
		// coi.js first and blocking: it reloads the page once under the
		// service worker's isolation headers where the host sends none.
		// embed.js sizes the embed builder's preview frame.
		Scripts:   []string{"/web/coi.js", "/web/embed.js async"},
		Resources: resources,
		Version:   version,
		// What a first visit caches for offline use besides the page, its
		// styles, scripts, icons and app.wasm (which go-app lists).
		CacheableResources: []string{"/web/worker.wasm", "/web/worker.js", "/embed/", "/web/embed-demo.js"},
		// Network first with an offline copy, and the isolation headers
		// (sw.js); go-app's default serves the cache first, and so a stale
		// build after `make wasm`.
		ServiceWorkerTemplate: serviceWorkerJS,
	}
}

// serviceWorkerJS is go-app's app-worker.js template for sslab.
//
//go:embed sw.js
var serviceWorkerJS string

// webFiles resolves the lab's static resources (/web/...) under a URL path
// prefix and serves them from a directory. A live app.Handler needs both:
// Resolve writes the URLs into the page, ServeHTTP answers them.
type webFiles struct {
	prefix string // "" at the root, or like "/notes/sslab"
	files  http.Handler
}

func newWebFiles(dir, prefix string) webFiles {
	return webFiles{prefix: CleanBase(prefix), files: http.StripPrefix("/web", http.FileServer(noListing{http.Dir(dir)}))}
}

func (w webFiles) Resolve(location string) string {
	if strings.HasPrefix(location, "http://") || strings.HasPrefix(location, "https://") {
		return location
	}
	if location == "" || location == "/" {
		if w.prefix == "" {
			return "/"
		}
		return w.prefix
	}
	if !strings.HasPrefix(location, "/") {
		location = "/" + location
	}
	return w.prefix + location
}

// ServeHTTP serves /web/... (the handler is mounted below the prefix, so
// paths arrive without it; go-app's /app.wasm alias arrives with it).
func (w webFiles) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	r2 := *r
	u := *r.URL
	u.Path = strings.TrimPrefix(u.Path, w.prefix)
	r2.URL = &u
	// wasm is large and rebuilt often: let the browser revalidate it.
	rw.Header().Set("Cache-Control", "no-cache")
	w.files.ServeHTTP(rw, &r2)
}
