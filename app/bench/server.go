//go:build !wasm

package main

import (
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
)

// newServer serves, with the cross-origin isolation headers on every
// response (TF.js's and jax-js's wasm backends need them for their threads,
// and sslab's workers may use SharedArrayBuffer):
//
//	/bench/              web/bench/ (the peers' pages and scripts)
//	/bench/node_modules/ the npm install dir's node_modules/
//	/bench/gomlx.wasm    gomlxDir/gomlx.wasm (app/bench/gomlx, built for the browser)
//	/app/wasm_exec.js    $(go env GOROOT)/lib/wasm/wasm_exec.js (also at /wasm_exec.js and /bench/wasm_exec.js)
//	/app/                web/ (app.wasm, worker.js, bench.html, ...)
func newServer(root, npmDir, wasmExec, gomlxDir string) http.Handler {
	mux := http.NewServeMux()
	dir := func(prefix, path string) {
		mux.Handle(prefix, http.StripPrefix(prefix, http.FileServer(http.Dir(path))))
	}
	dir("/bench/", filepath.Join(root, "web", "bench"))
	dir("/bench/node_modules/", filepath.Join(npmDir, "node_modules"))
	mux.HandleFunc("/bench/gomlx.wasm", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(gomlxDir, "gomlx.wasm"))
	})
	dir("/app/", filepath.Join(root, "web"))
	mux.HandleFunc("/favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent) // keeps a 404 out of the console
	})
	serveExec := func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, wasmExec) }
	mux.HandleFunc("/app/wasm_exec.js", serveExec)
	mux.HandleFunc("/bench/wasm_exec.js", serveExec)
	// web/worker.js imports ../wasm_exec.js, as it finds it in the app.
	mux.HandleFunc("/wasm_exec.js", serveExec)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Embedder-Policy", "require-corp")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		mux.ServeHTTP(w, r)
	})
}

// serve starts h on a free loopback port and returns its base URL.
func serve(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go http.Serve(ln, h)
	return "http://" + ln.Addr().String(), nil
}

// wasmExecPath is Go's JS glue for GOOS=js wasm, from the toolchain that
// builds app.wasm.
func wasmExecPath() (string, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %v", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec.js"), nil
}
