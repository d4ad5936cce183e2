//go:build !wasm

package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// newHandler returns the go-app handler of the lab, which prerenders the
// page and serves go-app's scripts. Everything it references is local: the
// page must work with no internet access.
func newHandler(resources app.ResourceResolver, version string) *app.Handler {
	registerRoutes()
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
		Resources:       resources,
		Version:         version,
		// A pass-through service worker: go-app's default caches the
		// wasm, which would serve a stale build after `make wasm`.
		ServiceWorkerTemplate: passThroughWorkerJS,
	}
}

const passThroughWorkerJS = `// sslab does not cache: the browser's HTTP cache suffices, and a rebuilt
// app.wasm is picked up on the next load. Version {{.Version}}.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
`

// webFiles resolves the lab's static resources (/web/...) under a URL path
// prefix and serves them from a directory. A live app.Handler needs both:
// Resolve writes the URLs into the page, ServeHTTP answers them.
type webFiles struct {
	prefix string // "" at the root, or like "/notes/sslab"
	files  http.Handler
}

func newWebFiles(dir, prefix string) webFiles {
	return webFiles{prefix: cleanBase(prefix), files: http.StripPrefix("/web", http.FileServer(http.Dir(dir)))}
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

// cleanBase normalises a base path: "" or "/" for the root, else a path
// with a leading slash and no trailing one.
func cleanBase(base string) string {
	base = strings.Trim(strings.TrimSpace(base), "/")
	if base == "" {
		return ""
	}
	return "/" + base
}

// findWebDir returns the directory holding the page's files: dir if given,
// else ./web, else ../web (when run from app/, as go test does). It must
// hold both binaries, the page's and the worker's.
func findWebDir(dir string) (string, error) {
	candidates := []string{dir}
	if dir == "" {
		candidates = []string{"web", filepath.Join("..", "web")}
	}
	for _, c := range candidates {
		if _, err := os.Stat(filepath.Join(c, "worker.js")); err != nil {
			continue
		}
		for _, bin := range []string{"app.wasm", "worker.wasm"} {
			if _, err := os.Stat(filepath.Join(c, bin)); err != nil {
				return "", fmt.Errorf("%s not found: build it with `make wasm`", filepath.Join(c, bin))
			}
		}
		return filepath.Abs(c)
	}
	if dir == "" {
		dir = "web"
	}
	return "", fmt.Errorf("%s: %w", dir, errors.New("no web directory with worker.js here; run from the repository root or give -web"))
}
