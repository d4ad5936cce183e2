package server

import (
	"bytes"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// go-app writes og:url and og:image as "https://" + its Domain + a path,
// and the lab has no domain of its own (it is served from wherever it is
// copied to), so both would read "https://" or "https:///notes/sslab":
// links that lead nowhere when a page is shared. They are dropped; the
// title, description and type stay. go-app writes a tag's attributes in
// either order.
var placeholderOG = regexp.MustCompile(`\s*<meta (?:property="og:(?:url|image)" content="[^"]*"|content="[^"]*" property="og:(?:url|image)")>`)

// dropPlaceholderOG removes og:url and og:image from a page.
func dropPlaceholderOG(page []byte) []byte {
	return placeholderOG.ReplaceAll(page, nil)
}

// withoutPlaceholderOG serves h's HTML pages without og:url and og:image.
// go-app writes a page in one piece with its length; the page is held,
// edited and sent with the new length. Other responses pass through.
func withoutPlaceholderOG(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pw := &pageWriter{ResponseWriter: w}
		h.ServeHTTP(pw, r)
		pw.finish()
	})
}

// pageWriter holds a 200 text/html response until finish; it passes any
// other response through as it comes.
type pageWriter struct {
	http.ResponseWriter
	decided, held bool
	status        int
	body          bytes.Buffer
}

func (p *pageWriter) decide(status int) {
	if p.decided {
		return
	}
	p.decided = true
	p.status = status
	p.held = status == http.StatusOK && strings.HasPrefix(p.Header().Get("Content-Type"), "text/html")
	if !p.held {
		p.ResponseWriter.WriteHeader(status)
	}
}

func (p *pageWriter) WriteHeader(status int) {
	if status >= 100 && status < 200 {
		p.ResponseWriter.WriteHeader(status)
		return
	}
	p.decide(status)
}

func (p *pageWriter) Write(b []byte) (int, error) {
	p.decide(http.StatusOK)
	if p.held {
		return p.body.Write(b)
	}
	return p.ResponseWriter.Write(b)
}

func (p *pageWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }

func (p *pageWriter) finish() {
	if !p.held {
		return
	}
	page := dropPlaceholderOG(p.body.Bytes())
	p.Header().Set("Content-Length", strconv.Itoa(len(page)))
	p.ResponseWriter.WriteHeader(p.status)
	p.ResponseWriter.Write(page)
}
