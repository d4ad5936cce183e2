// Command ml runs the default preset with ml/ alone: no protocol, no JSON,
// no charts, no syscall/js. It is the floor of web/worker.wasm, the
// training code that the worker cannot do without.
package main

import (
	"os"

	"sslab/ml/config"
	"sslab/ml/train"
)

func main() {
	r, err := train.NewRun(config.Default())
	if err != nil {
		println(err.Error())
		os.Exit(1)
	}
	if _, err := r.Execute(nil, nil); err != nil {
		println(err.Error())
		os.Exit(1)
	}
}
