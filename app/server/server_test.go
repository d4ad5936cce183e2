package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sslab/app/page"
	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/train"
)

// TestMain registers the page, which the handler prerenders.
func TestMain(m *testing.M) {
	page.Register()
	os.Exit(m.Run())
}

// fakeWeb makes a web directory with stand-ins for the built files.
func fakeWeb(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"app.wasm": "page", "worker.wasm": "worker", "worker.js": "// worker", "style.css": "body{}",
		"icon.svg": "<svg/>", "checkpoints/x.json": "{}", "bench/package.json": "{}",
		"coi.js": "// coi", "embed.js": "// embed", "embed-demo.js": "// demo",
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestServeUnderSubPath serves the lab under a sub-path: the page is
// prerendered from the URL (bad parameters included, escaped), its links
// carry the prefix, and the static files are served.
func TestServeUnderSubPath(t *testing.T) {
	srv := httptest.NewServer(New(fakeWeb(t), "/notes/sslab/"))
	defer srv.Close()

	resp, page := get(t, srv.URL+"/notes/sslab/?lr=%3Cb%3Ebig%3C/b%3E")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("page: %s", resp.Status)
	}
	for _, want := range []string{`href="/notes/sslab/web/style.css"`, `src="/notes/sslab/app.js"`, `parameter &#34;lr&#34;`, `&lt;b&gt;big`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, "<b>big") {
		t.Error("markup from the URL reached the page")
	}
	if strings.Contains(page, "raw.githubusercontent.com") || strings.Contains(page, "https://fonts") {
		t.Error("the page references the internet")
	}
	resp, body := get(t, srv.URL+"/notes/sslab/web/worker.js")
	if resp.StatusCode != http.StatusOK || body != "// worker" {
		t.Errorf("worker.js: %s %q", resp.Status, body)
	}
	// Workers share memory only on a cross-origin isolated page, and a
	// worker only in an isolated page if its script says so too.
	if coop, coep := resp.Header.Get("Cross-Origin-Opener-Policy"), resp.Header.Get("Cross-Origin-Embedder-Policy"); coop != "same-origin" || coep != "require-corp" {
		t.Errorf("worker.js is served with COOP %q and COEP %q, want same-origin and require-corp", coop, coep)
	}
	if resp, _ := get(t, srv.URL+"/notes/sslab?seed=7"); resp.StatusCode != http.StatusMovedPermanently ||
		resp.Header.Get("Location") != "/notes/sslab/?seed=7" {
		t.Errorf("redirect to the slash: %s to %q", resp.Status, resp.Header.Get("Location"))
	}
	if resp, _ := get(t, srv.URL+"/elsewhere/"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("outside the sub-path: %s", resp.Status)
	}
}

// TestStaticSite writes the static site for a sub-path and checks that it
// is self-contained: prefixed links, go-app's scripts, the web files, and
// nothing from the internet.
func TestStaticSite(t *testing.T) {
	out := t.TempDir()
	if err := WriteStaticSite(out, fakeWeb(t), "/notes/sslab"); err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`/notes/sslab/web/style.css`, `/notes/sslab/app.js`, `/notes/sslab/wasm_exec.js`} {
		if !strings.Contains(string(index), want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	appJS, err := os.ReadFile(filepath.Join(out, "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(appJS), `/notes/sslab/web/app.wasm`) {
		t.Error("app.js does not load the prefixed app.wasm")
	}
	for _, name := range []string{"wasm_exec.js", "app-worker.js", "web/app.wasm", "web/worker.wasm", "web/worker.js", "web/checkpoints/x.json"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("site lacks %s", name)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "web", "bench")); err == nil {
		t.Error("site carries the web directory's tooling")
	}
	if h, _ := os.ReadFile(filepath.Join(out, "_headers")); !strings.Contains(string(h), "Cross-Origin-Embedder-Policy: require-corp") ||
		!strings.Contains(string(h), "\n/notes/sslab/*\n") {
		t.Errorf("_headers does not ask for cross-origin isolation under the sub-path: %q", h)
	}
	if b, err := os.ReadFile(filepath.Join(out, "embed", "index.html")); err != nil || !strings.Contains(string(b), `/notes/sslab/web/embed-demo.js`) {
		t.Errorf("the site's embedding page: %v", err)
	}
	for _, name := range []string{"index.html", "app.js", "manifest.webmanifest"} {
		b, _ := os.ReadFile(filepath.Join(out, name))
		if strings.Contains(string(b), "https://raw.githubusercontent.com") {
			t.Errorf("%s references the internet", name)
		}
	}
}

// TestShippedCheckpoints checks that every checkpoint in web/checkpoints
// loads under the config it was trained with, as ckpt=NAME needs.
func TestShippedCheckpoints(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "web", "checkpoints", "*.json"))
	if len(files) == 0 {
		t.Skip("no shipped checkpoints")
	}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		ck, err := train.ReadCheckpoint(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		cfg := decodeOrFail(t, ck.Query)
		var ds *data.Dataset
		if cfg.IsText() {
			ds = readBrown(t)
		} else if ds, err = data.Load(cfg.Dataset, cfg.Seed); err != nil {
			t.Fatal(err)
		}
		if _, err := ck.EncoderFor(cfg, ds); err != nil {
			t.Errorf("%s does not fit its own config: %v", path, err)
		}
	}
}

func decodeOrFail(t *testing.T, query string) config.Config {
	t.Helper()
	q, err := url.ParseQuery(query)
	if err != nil {
		t.Fatalf("query %q: %v", query, err)
	}
	cfg, errs := config.Decode(q)
	if len(errs) > 0 {
		t.Fatalf("query %q: %v", query, errs)
	}
	return cfg
}

// TestHostingRoutes: index.html under the base path is the page, /embed/
// documents the protocol, the bare /embed redirects, and the page loads
// the isolation script and a service worker that caches both binaries and
// adds the isolation headers.
func TestHostingRoutes(t *testing.T) {
	srv := httptest.NewServer(New(fakeWeb(t), "/course/sslab"))
	defer srv.Close()
	resp, body := get(t, srv.URL+"/course/sslab/index.html?preset=digits-byol")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="btn-start"`) || !strings.Contains(body, `/course/sslab/web/coi.js`) {
		t.Errorf("index.html: %s, page %v", resp.Status, strings.Contains(body, `id="btn-start"`))
	}
	resp, body = get(t, srv.URL+"/course/sslab/embed/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `src="/course/sslab/web/embed.js"`) || strings.Contains(body, "{{") {
		t.Errorf("embed page: %s", resp.Status)
	}
	if resp, _ := get(t, srv.URL+"/course/sslab/embed"); resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/course/sslab/embed/" {
		t.Errorf("/embed: %s to %q", resp.Status, resp.Header.Get("Location"))
	}
	resp, body = get(t, srv.URL+"/course/sslab/app-worker.js")
	for _, want := range []string{`"/course/sslab/web/worker.wasm"`, `"/course/sslab/web/app.wasm"`, `"/course/sslab/web/worker.js"`,
		`"Cross-Origin-Embedder-Policy": "require-corp"`, "caches.match"} {
		if !strings.Contains(body, want) {
			t.Errorf("app-worker.js lacks %s", want)
		}
	}
}

// TestEmbedPageDocumentsTheProtocol: the embedding page names every
// message the frame posts and every command, with each of their fields.
func TestEmbedPageDocumentsTheProtocol(t *testing.T) {
	out, in := page.ProtocolTables()
	doc := embedPage("", "http://h")
	for _, table := range []map[string][]string{out, in} {
		for kind, fields := range table {
			if !strings.Contains(doc, "<tr><td><code>"+kind+"</code></td>") {
				t.Errorf("the embedding page has no row for %s", kind)
			}
			for _, f := range fields {
				if !strings.Contains(doc, "<code>"+f+"</code>") {
					t.Errorf("the embedding page does not name %s's field %s", kind, f)
				}
			}
		}
	}
	for _, want := range []string{`target: "sslab"`, "version", "parent=", "embed.js", `allow="cross-origin-isolated"`, "demo-start"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the embedding page lacks %s", want)
		}
	}
}

// readBrown reads the shipped corpus from web/data.
func readBrown(t *testing.T) *data.Dataset {
	t.Helper()
	ds, err := data.ReadBrownDir(filepath.Join("..", "..", "web", "data"))
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
