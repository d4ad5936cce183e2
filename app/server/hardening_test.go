package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// served is a few responses of every kind the server gives: the page,
// go-app's scripts and manifest, the web files (the worker's script
// included: a worker runs under the policy its own script comes with), a
// 404 and a 405.
var served = []struct{ method, path string }{
	{"GET", "/"}, {"GET", "/?embed=1&lr=%3Cb%3E"}, {"GET", "/app.js"}, {"GET", "/wasm_exec.js"},
	{"GET", "/app-worker.js"}, {"GET", "/manifest.webmanifest"}, {"GET", "/app.css"},
	{"GET", "/web/worker.js"}, {"GET", "/web/worker.wasm"}, {"GET", "/app.wasm"},
	{"GET", "/web/checkpoints/x.json"}, {"GET", "/web/missing.js"}, {"GET", "/web/"},
	{"POST", "/"}, {"HEAD", "/"},
}

// TestHeaders checks that every response, at the root and under a
// sub-path, carries the Security and Isolation headers.
func TestHeaders(t *testing.T) {
	for _, base := range []string{"/", "/notes/sslab"} {
		srv := httptest.NewServer(New(fakeWeb(t), base))
		for _, s := range served {
			req, _ := http.NewRequest(s.method, srv.URL+CleanBase(base)+s.path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			for _, kv := range append(slices.Clone(Security), Isolation...) {
				if got := resp.Header.Get(kv[0]); got != kv[1] {
					t.Errorf("%s %s%s (%s): %s is %q, want %q", s.method, base, s.path, resp.Status, kv[0], got, kv[1])
				}
			}
			if resp.Header.Get("X-Frame-Options") != "" {
				t.Errorf("%s %s: X-Frame-Options would stop course notes embedding the lab", s.method, s.path)
			}
		}
		srv.Close()
	}
}

// TestCSPNamesNoOtherOrigin parses the CSP: the directives the lab needs
// are there, every source is a keyword (no host, scheme or wildcard but
// frame-ancestors *), and nothing allows inline scripts or eval.
func TestCSPNamesNoOtherOrigin(t *testing.T) {
	allowed := map[string][]string{
		"default-src":     {"'none'"},
		"script-src":      {"'self'", "'wasm-unsafe-eval'"},
		"worker-src":      {"'self'"},
		"connect-src":     {"'self'"},
		"style-src":       {"'self'"},
		"style-src-attr":  {"'unsafe-inline'"},
		"img-src":         {"'self'"},
		"manifest-src":    {"'self'"},
		"frame-src":       {"'self'"},
		"base-uri":        {"'none'"},
		"form-action":     {"'none'"},
		"frame-ancestors": {"*"},
	}
	seen := map[string]bool{}
	for _, d := range strings.Split(CSP, ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			t.Errorf("empty directive in %q", CSP)
			continue
		}
		name, sources := f[0], f[1:]
		want, ok := allowed[name]
		if !ok {
			t.Errorf("unexpected directive %q", d)
			continue
		}
		if seen[name] {
			t.Errorf("directive %s twice (browsers ignore the second)", name)
		}
		seen[name] = true
		if !slices.Equal(sources, want) {
			t.Errorf("%s is %v, want %v", name, sources, want)
		}
	}
	for name := range allowed {
		if !seen[name] {
			t.Errorf("CSP lacks %s", name)
		}
	}
	for _, bad := range []string{"'unsafe-eval'", "http:", "https:", "data:", "blob:"} {
		if strings.Contains(CSP, bad) {
			t.Errorf("CSP allows %s", bad)
		}
	}
}

// scriptTag matches a script element with its attributes and content.
var scriptTag = regexp.MustCompile(`(?s)<script([^>]*)>(.*?)</script>`)

// TestPageHasNoInlineScript checks that the page's scripts all come from
// files: the CSP allows no inline script (no hash, no nonce), so one
// added to the page would be blocked. The page is checked as served and
// as the static site writes it.
func TestPageHasNoInlineScript(t *testing.T) {
	web := fakeWeb(t)
	srv := httptest.NewServer(New(web, "/"))
	defer srv.Close()
	pages := map[string]string{}
	for _, q := range []string{"", "?embed=1&panels=pretrain", "?lr=%3Cscript%3Ealert(1)%3C/script%3E&autorun=1"} {
		_, body := get(t, srv.URL+"/"+q)
		pages["served /"+q] = body
	}
	out := t.TempDir()
	if err := WriteStaticSite(out, web, "/notes/sslab"); err != nil {
		t.Fatal(err)
	}
	static, _ := filepath.Glob(filepath.Join(out, "*.html"))
	for _, name := range static {
		b, _ := os.ReadFile(name)
		pages["static "+filepath.Base(name)] = string(b)
	}
	for name, page := range pages {
		tags := scriptTag.FindAllStringSubmatch(page, -1)
		if len(tags) < 2 {
			t.Errorf("%s: %d script elements, want wasm_exec.js and app.js", name, len(tags))
		}
		for _, m := range tags {
			if !strings.Contains(m[1], "src=") || strings.TrimSpace(m[2]) != "" {
				t.Errorf("%s: an inline script, which the CSP blocks: %.80q", name, m[0])
			}
		}
		if strings.Contains(page, "<script>alert") {
			t.Errorf("%s: markup from the URL reached the page", name)
		}
	}
}

// TestMethods checks that only GET and HEAD are answered: anything else
// gets 405 with Allow, and HEAD the headers of GET without a body.
func TestMethods(t *testing.T) {
	srv := httptest.NewServer(New(fakeWeb(t), "/notes/sslab"))
	defer srv.Close()
	for _, path := range []string{"/notes/sslab/", "/notes/sslab/web/style.css", "/notes/sslab/app.js", "/elsewhere"} {
		for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"} {
			req, _ := http.NewRequest(m, srv.URL+path, strings.NewReader("x=1"))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %s, Allow %q; want 405 with Allow: GET, HEAD", m, path, resp.Status, resp.Header.Get("Allow"))
			}
			if !strings.Contains(string(body), m) || !strings.Contains(string(body), "GET and HEAD") {
				t.Errorf("%s %s: the message %q does not name the method and what is allowed", m, path, body)
			}
		}
	}
	get, _ := http.Get(srv.URL + "/notes/sslab/web/style.css")
	getBody, _ := io.ReadAll(get.Body)
	get.Body.Close()
	head, err := http.Head(srv.URL + "/notes/sslab/web/style.css")
	if err != nil {
		t.Fatal(err)
	}
	headBody, _ := io.ReadAll(head.Body)
	head.Body.Close()
	if head.StatusCode != http.StatusOK || len(headBody) != 0 || head.ContentLength != int64(len(getBody)) {
		t.Errorf("HEAD: %s, %d body bytes, length %d; want 200, none, %d", head.Status, len(headBody), head.ContentLength, len(getBody))
	}
}

// TestNoDirectoryListing checks that no directory is listed: each answers
// 404, with or without its slash, and says nothing of its files.
func TestNoDirectoryListing(t *testing.T) {
	web := fakeWeb(t)
	// A directory's index.html is not served in its place either.
	if err := os.WriteFile(filepath.Join(web, "checkpoints", "index.html"), []byte("index"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{"/", "/notes/sslab"} {
		srv := httptest.NewServer(New(web, base))
		for _, dir := range []string{"/web/", "/web", "/web/checkpoints/", "/web/checkpoints", "/web/bench/", "/web/checkpoints/index.html", "/web/./checkpoints/", "/web//"} {
			resp, body := get(t, srv.URL+CleanBase(base)+dir)
			redirect := resp.StatusCode/100 == 3
			if resp.StatusCode != http.StatusNotFound && !redirect {
				t.Errorf("%s%s: %s, want 404", base, dir, resp.Status)
			}
			if redirect {
				// A redirect must lead to a 404, not a listing.
				loc, err := resp.Location()
				if err != nil {
					t.Fatal(err)
				}
				if r2, b2 := get(t, loc.String()); r2.StatusCode != http.StatusNotFound {
					t.Errorf("%s%s redirects to %s: %s %.60q", base, dir, resp.Header.Get("Location"), r2.Status, b2)
				}
			}
			for _, leak := range []string{"x.json", "worker.js", "package.json", "index"} {
				if strings.Contains(body, leak) {
					t.Errorf("%s%s names %s: %.80q", base, dir, leak, body)
				}
			}
		}
		// The files themselves are served.
		if resp, body := get(t, srv.URL+CleanBase(base)+"/web/checkpoints/x.json"); resp.StatusCode != http.StatusOK || body != "{}" {
			t.Errorf("%s checkpoint: %s %q", base, resp.Status, body)
		}
		srv.Close()
	}
}

// TestNoFetchFromTheHostHeader checks that go-app's proxied files
// (/robots.txt, ...) are not fetched from the host a request names and
// served to everyone: the other server is never asked.
func TestNoFetchFromTheHostHeader(t *testing.T) {
	var asked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<script>alert('poisoned')</script>")
	}))
	defer other.Close()
	for _, base := range []string{"/", "/notes/sslab"} {
		srv := httptest.NewServer(New(fakeWeb(t), base))
		for _, path := range []string{"/robots.txt", "/sitemap.xml", "/ads.txt", "/0123abcd/robots.txt"} {
			for range 2 { // the second would be served from go-app's cache
				req, _ := http.NewRequest("GET", srv.URL+CleanBase(base)+path, nil)
				req.Host = strings.TrimPrefix(other.URL, "http://")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusNotFound || strings.Contains(string(body), "poisoned") {
					t.Errorf("%s%s with Host %s: %s %q, want 404", base, path, req.Host, resp.Status, body)
				}
			}
		}
		srv.Close()
	}
	if n := asked.Load(); n != 0 {
		t.Errorf("the server fetched from the Host header's server %d times", n)
	}
}

// TestOpenGraph checks the page's og: fields, served and static: a title,
// a description and a type, and no og:url or og:image, which would be
// "https://" placeholders on a lab with no domain of its own.
func TestOpenGraph(t *testing.T) {
	web := fakeWeb(t)
	pages := map[string]string{}
	for _, base := range []string{"/", "/notes/sslab"} {
		srv := httptest.NewServer(New(web, base))
		resp, body := get(t, srv.URL+CleanBase(base)+"/?seed=3")
		if n := resp.Header.Get("Content-Length"); n != "" && n != strconv.Itoa(len(body)) {
			t.Errorf("served %s: Content-Length %s for %d bytes", base, n, len(body))
		}
		pages["served "+base] = body
		srv.Close()
		out := t.TempDir()
		if err := WriteStaticSite(out, web, base); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(out, "index.html"))
		pages["static "+base] = string(b)
	}
	for name, page := range pages {
		for _, want := range []string{`property="og:title"`, `property="og:description"`, `property="og:type"`, "<title>"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: no %s", name, want)
			}
		}
		for _, bad := range []string{"og:url", "og:image", `"https://`} {
			if strings.Contains(page, bad) {
				t.Errorf("%s: has %s", name, bad)
			}
		}
	}
}

// TestStaticSiteHeadersAndContents checks the static site's _headers
// (one rule for the site's path, every header `serve` sends) and that the
// benchmark page is not part of the site.
func TestStaticSiteHeadersAndContents(t *testing.T) {
	web := fakeWeb(t)
	if err := os.WriteFile(filepath.Join(web, "bench.html"), []byte("<p>bench"), 0o644); err != nil {
		t.Fatal(err)
	}
	for base, rule := range map[string]string{"/": "/*", "/notes/sslab/": "/notes/sslab/*"} {
		out := t.TempDir()
		if err := WriteStaticSite(out, web, base); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, "_headers"))
		if err != nil {
			t.Fatal(err)
		}
		var rules []string
		headers := map[string]string{}
		for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
			switch {
			case strings.HasPrefix(line, "#"):
			case strings.HasPrefix(line, "  "):
				name, value, ok := strings.Cut(strings.TrimSpace(line), ": ")
				if !ok {
					t.Errorf("_headers line %q is not Name: value", line)
				}
				headers[name] = value
			default:
				rules = append(rules, line)
			}
		}
		if !slices.Equal(rules, []string{rule}) {
			t.Errorf("base %s: _headers rules %q, want [%s]", base, rules, rule)
		}
		for _, kv := range append(slices.Clone(Security), Isolation...) {
			if headers[kv[0]] != kv[1] {
				t.Errorf("base %s: _headers gives %s %q, want %q", base, kv[0], headers[kv[0]], kv[1])
			}
		}
		if _, err := os.Stat(filepath.Join(out, "web", "bench.html")); err == nil {
			t.Errorf("base %s: the site carries the benchmark page", base)
		}
		if _, err := os.Stat(filepath.Join(out, "web", "style.css")); err != nil {
			t.Errorf("base %s: the site lacks style.css", base)
		}
	}
}
