package server

import (
	"net/http"
	"path"
	"slices"
	"strings"
)

// goappProxied are the files go-app answers by fetching /web/NAME from the
// host the request names (its Host header), then caching the answer for
// every later visitor: a request with a Host of the client's choosing
// would make the server fetch from any address and serve what it got,
// with its content type, as the lab's /robots.txt to everyone. go-app does
// so at /NAME and at /VERSION/NAME.
var goappProxied = []string{"robots.txt", "sitemap.xml", "ads.txt"}

// withoutSelfFetch answers go-app's proxied files with 404 before go-app
// sees them: the lab has none of them. The web directory's files
// (/web/...) are not proxied and are served as usual.
func withoutSelfFetch(base string, h http.Handler) http.Handler {
	base = CleanBase(base)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, base); ok && !strings.HasPrefix(rest, "/web/") &&
			slices.Contains(goappProxied, path.Base(rest)) {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}
