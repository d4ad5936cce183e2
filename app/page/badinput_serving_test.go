//go:build !wasm

package page

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"sslab/app/server"
)

// servingBadInputs are the bad requests `sslab serve` gets and what it
// answers (app/server's tests check each in more ways).
func servingBadInputs() []badInput {
	request := func(example, happens, method, path, host string, want ...string) badInput {
		return badInput{"HTTP request", example, happens, func(t *testing.T, env *badEnv) string {
			// A host that would answer, to show it is never asked.
			var asked atomic.Int32
			other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				asked.Add(1)
				io.WriteString(w, "from elsewhere")
			}))
			defer other.Close()
			srv := httptest.NewServer(server.New(servedWebDir(t), "/"))
			defer srv.Close()
			req, _ := http.NewRequest(method, srv.URL+path, nil)
			if host != "" {
				req.Host = strings.TrimPrefix(other.URL, "http://")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			msg := resp.Status
			if a := resp.Header.Get("Allow"); a != "" {
				msg += ", Allow: " + a
			}
			msg += ": " + strings.TrimSpace(string(body))
			if asked.Load() > 0 {
				msg += " (fetched from the Host header's server)"
			}
			return msg
		}, want}
	}
	return []badInput{
		request("curl -X POST http://127.0.0.1:8080/", "405 with the methods allowed (any method but GET and HEAD)", "POST", "/", "",
			"405 Method Not Allowed", "Allow: GET, HEAD", "method POST is not allowed", "GET and HEAD only"),
		request("curl http://127.0.0.1:8080/web/", "404: no directory is listed", "GET", "/web/", "", "404 Not Found"),
		request("curl -H 'Host: elsewhere' http://127.0.0.1:8080/robots.txt", "404: nothing is fetched from the host a request names", "GET", "/robots.txt", "elsewhere",
			"404 Not Found: 404 page not found"),
		{"CLI", "sslab serve -addr :8080", "serves on every interface, with a warning on stderr", func(t *testing.T, env *badEnv) string {
			ln, err := net.Listen("tcp", ":0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			port := ln.Addr().(*net.TCPAddr).Port
			return strings.ReplaceAll(server.ExposureWarning(ln.Addr()), fmt.Sprint(port), "8080")
		}, []string{"warning: listening on every network interface", "-addr 127.0.0.1:8080 keeps it on this machine"}},
	}
}

// servedWebDir is a web directory with stand-ins for the built files.
func servedWebDir(t *testing.T) string {
	dir := t.TempDir()
	for name, body := range map[string]string{"app.wasm": "page", "worker.wasm": "worker", "worker.js": "//", "checkpoints/x.json": "{}"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
