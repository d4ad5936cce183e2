package server

import (
	_ "embed" // the embedding page
	"net"
	"net/http"
	"strings"
)

// New returns the handler of the lab served from the web directory dir
// under the URL path base ("/" or "" for the root): GET and HEAD only,
// every response with the Security and Isolation headers.
func New(dir, base string) http.Handler {
	return Isolated(Hardened(withoutSelfFetch(base, withoutPlaceholderOG(routes(dir, base)))))
}

// LabURL is the address of the lab served on addr under base, to open in
// a browser.
func LabURL(addr net.Addr, base string) string {
	return "http://" + addr.String() + CleanBase(base) + "/"
}

// Isolation is the headers that make the lab's pages cross-origin
// isolated, which browsers require before they share memory between
// workers (SharedArrayBuffer): the training workers split each batch
// through it. Everything the lab loads is its own, so require-corp blocks
// nothing; Cross-Origin-Resource-Policy lets an isolated page of another
// origin (a course's notes) still embed the lab.
var Isolation = [][2]string{
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Cross-Origin-Embedder-Policy", "require-corp"},
	{"Cross-Origin-Resource-Policy", "cross-origin"},
}

// Isolated serves h with the Isolation headers.
func Isolated(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, kv := range Isolation {
			w.Header().Set(kv[0], kv[1])
		}
		h.ServeHTTP(w, r)
	})
}

// routes mounts the page, the embedding page (/embed/) and the web files
// under base; the bare base redirects to base + "/".
func routes(dir, base string) http.Handler {
	base = CleanBase(base)
	h := newHandler(newWebFiles(dir, base), "")
	mux := http.NewServeMux()
	mux.Handle(base+"/", http.StripPrefix(base, h))
	mux.HandleFunc(base+"/embed/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write([]byte(embedPage(base, "http://"+r.Host)))
	})
	mux.HandleFunc(base+"/embed", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, base+"/embed/", http.StatusMovedPermanently)
	})
	if base != "" {
		mux.HandleFunc(base, func(w http.ResponseWriter, r *http.Request) {
			// Keep the query: it is the lab's whole state.
			target := base + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
		})
	}
	return mux
}

// embedPage is the documentation of the embedding protocol, for the site
// under base reached at origin.
func embedPage(base, origin string) string {
	return strings.NewReplacer("{{BASE}}", base, "{{ORIGIN}}", origin).Replace(embedHTML)
}

// embedHTML is the embedding page, with {{BASE}} and {{ORIGIN}} to fill in.
//
//go:embed embed.html
var embedHTML string
