package cli

import (
	"fmt"
	"io"

	"sslab/app/server"
)

// staticCmd writes a self-contained static site: the prerendered page,
// go-app's scripts and a copy of the web directory. Any static file server
// can host it, at the root or under -base; several iframes of it on one
// page each run their own lab.
func staticCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("static", stderr)
	out := fs.String("out", ".build/static", "directory to write the site into")
	base := fs.String("base", "/", "URL path the site will be hosted under, such as /notes/sslab")
	web := fs.String("web", "", "directory of app.wasm and the static files (default ./web)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	dir, err := server.FindWebDir(*web)
	if err != nil {
		fmt.Fprintf(stderr, "sslab static: %v\n", err)
		return 1
	}
	if err := server.WriteStaticSite(*out, dir, *base); err != nil {
		fmt.Fprintf(stderr, "sslab static: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "sslab: wrote the static site for %s/ into %s\n", server.CleanBase(*base), *out)
	return 0
}
