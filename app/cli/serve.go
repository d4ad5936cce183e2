package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"sslab/app/server"
)

// defaultAddr is where `sslab serve` listens unless told otherwise; if it
// is taken, a free port is used instead.
const defaultAddr = "127.0.0.1:8080"

// serveCmd serves the lab on loopback until interrupted (elsewhere if
// -addr says so, with a warning).
func serveCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", stderr)
	addr := fs.String("addr", defaultAddr, "address to listen on; port 0 picks a free port")
	web := fs.String("web", "", "directory of app.wasm and the static files (default ./web)")
	base := fs.String("base", "/", "URL path the lab is served under, such as /notes/sslab")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	dir, err := server.FindWebDir(*web)
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
	if w := server.ExposureWarning(ln.Addr()); w != "" {
		fmt.Fprintln(stderr, w)
	}
	srv := server.NewHTTPServer(server.New(dir, *base), server.DefaultTimeouts)
	fmt.Fprintf(stdout, "sslab: serving the lab at %s (Ctrl-C to stop)\n", server.LabURL(ln.Addr(), *base))

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
