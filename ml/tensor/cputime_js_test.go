//go:build js

package tensor

import (
	"flag"
	"io"
	"net/http"
	"strconv"
	"syscall/js"
)

// A browser does not tell a page its CPU time. For benchmarking on a shared
// machine, -cpuurl names a local helper that answers with the renderer's
// CPU seconds (e.g. from /proc/PID/task/*/schedstat); it must send
// Access-Control-Allow-Origin: *.
var cpuURL = flag.String("cpuurl", "", "URL answering with the browser renderer's CPU seconds (benchmarks only)")

// cpuSeconds returns the CPU time used by the process so far where the host
// tells it (node's process.cpuUsage, or -cpuurl in a browser), else -1.
func cpuSeconds() float64 {
	if p := js.Global().Get("process"); p.Type() == js.TypeObject {
		if f := p.Get("cpuUsage"); f.Type() == js.TypeFunction {
			u := p.Call("cpuUsage")
			return (u.Get("user").Float() + u.Get("system").Float()) / 1e6
		}
	}
	if *cpuURL == "" {
		return -1
	}
	resp, err := http.Get(*cpuURL)
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return -1
	}
	v, err := strconv.ParseFloat(string(body), 64)
	if err != nil {
		return -1
	}
	return v
}
