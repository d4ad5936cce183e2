package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"
)

// main runs the benchmark on GoMLX's simplego backend and hands its result
// (JSON) to report: in the browser the worker's page, natively stdout.
//
//	GOOS=js GOARCH=wasm go build -o gomlx.wasm .   (app/bench does this)
//	go run . -steps 10                            (natively, for a look)
func main() {
	steps := flag.Int("steps", 30, "timed steps at most, after the warm-up")
	budget := flag.Duration("budget", 20*time.Second, "time of timed stepping after which to stop, once 5 steps are timed")
	flag.Parse()
	report(run(*steps, *budget))
}

func run(steps int, budget time.Duration) result {
	backend, err := backends.NewWithConfig(simplego.BackendName)
	if err != nil {
		return result{Library: "GoMLX", Version: gomlxVersion(), Error: fmt.Sprintf("simplego backend: %v", err)}
	}
	defer backend.Finalize()
	r, err := bench(backend, steps, budget)
	if err != nil {
		r.Error = err.Error()
	}
	return r
}
