//go:build !wasm

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// defaultAddr is where `sslab serve` listens unless told otherwise; if it
// is taken, a free port is used instead.
const defaultAddr = "127.0.0.1:8080"

// serveCmd serves the lab on loopback until interrupted.
func serveCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sslab serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", defaultAddr, "address to listen on; port 0 picks a free port")
	web := fs.String("web", "", "directory of app.wasm and the static files (default ./web)")
	base := fs.String("base", "/", "URL path the lab is served under, such as /notes/sslab")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sslab serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	dir, err := findWebDir(*web)
	if err != nil {
		fmt.Fprintf(stderr, "sslab serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil && *addr == defaultAddr {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		fmt.Fprintf(stderr, "sslab serve: %v\n", err)
		return 1
	}
	srv := &http.Server{Handler: newServer(dir, *base), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "sslab: serving the lab at %s (Ctrl-C to stop)\n", labURL(ln.Addr(), *base))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "sslab serve: %v\n", err)
		return 1
	}
	return 0
}

// labURL is the address to open in a browser.
func labURL(addr net.Addr, base string) string {
	return "http://" + addr.String() + cleanBase(base) + "/"
}

// newServer returns the handler of the lab served from the web directory
// dir under the URL path base.
func newServer(dir, base string) http.Handler {
	return isolated(newRoutes(dir, base))
}

// isolation is the headers that make the lab's pages cross-origin
// isolated, which browsers require before they share memory between
// workers (SharedArrayBuffer): the training workers split each batch
// through it. Everything the lab loads is its own, so require-corp blocks
// nothing; Cross-Origin-Resource-Policy lets an isolated page of another
// origin (a course's notes) still embed the lab.
var isolation = [][2]string{
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Cross-Origin-Embedder-Policy", "require-corp"},
	{"Cross-Origin-Resource-Policy", "cross-origin"},
}

// isolated serves h with the isolation headers.
func isolated(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, kv := range isolation {
			w.Header().Set(kv[0], kv[1])
		}
		h.ServeHTTP(w, r)
	})
}

func newRoutes(dir, base string) http.Handler {
	base = cleanBase(base)
	h := newHandler(newWebFiles(dir, base), "")
	if base == "" {
		return h
	}
	mux := http.NewServeMux()
	mux.Handle(base+"/", http.StripPrefix(base, h))
	mux.HandleFunc(base, func(w http.ResponseWriter, r *http.Request) {
		// Keep the query: it is the lab's whole state.
		target := base + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	})
	return mux
}
