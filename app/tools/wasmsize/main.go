// Command wasmsize prints the gzipped sizes of the lab's two binaries
// beside the floors they are built on: Go's runtime alone, with fmt, the
// smallest go-app page, and the default preset's training code with nothing
// else (the programs in ./floor). It builds every program for js/wasm into
// a temporary directory; run it from the module's root:
//
//	go run ./app/tools/wasmsize
//
// The floors say what a size target can ask of this toolchain: a worker
// cannot be smaller than the training code it runs, nor the page than
// go-app.
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// programs are what is built, in the order printed.
var programs = []struct{ pkg, what string }{
	{"./app/tools/wasmsize/floor/runtime", "Go's runtime and a print"},
	{"./app/tools/wasmsize/floor/fmt", "Go's runtime with fmt"},
	{"./app/tools/wasmsize/floor/goapp", "the smallest go-app page"},
	{"./app/tools/wasmsize/floor/ml", "the default preset's training code alone (ml/)"},
	{"./app", "web/app.wasm, the page"},
	{"./app/worker", "web/worker.wasm, the training worker"},
}

func main() {
	if _, err := os.Stat("go.mod"); err != nil {
		fail("run from the module's root (the directory holding go.mod): %v", err)
	}
	dir, err := os.MkdirTemp("", "wasmsize")
	if err != nil {
		fail("%v", err)
	}
	defer os.RemoveAll(dir)
	fmt.Printf("%s, GOOS=js GOARCH=wasm, gzip -9\n\n", runtime.Version())
	fmt.Println("| program | bytes | gzipped |")
	fmt.Println("|---|---:|---:|")
	for i, p := range programs {
		out := filepath.Join(dir, fmt.Sprintf("%d.wasm", i))
		cmd := exec.Command("go", "build", "-o", out, p.pkg)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			fail("building %s: %v", p.pkg, err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			fail("%v", err)
		}
		fmt.Printf("| %s (`%s`) | %d | %d |\n", p.what, p.pkg, len(b), gzipped(b))
	}
}

// gzipped returns the size of b compressed by gzip -9, the measure of
// make wasm (Go's compress/gzip at level 9 writes about 1% more).
func gzipped(b []byte) int {
	cmd := exec.Command("gzip", "-9", "-c")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		fail("gzip -9: %v", err)
	}
	return len(out)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "wasmsize: "+format+"\n", args...)
	os.Exit(1)
}
