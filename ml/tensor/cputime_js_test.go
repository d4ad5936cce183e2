//go:build js

package tensor

import "syscall/js"

// cpuSeconds returns the CPU time used by the process so far where the host
// tells it (node's process.cpuUsage), else -1 (browsers do not tell a page).
func cpuSeconds() float64 {
	p := js.Global().Get("process")
	if p.Type() != js.TypeObject {
		return -1
	}
	f := p.Get("cpuUsage")
	if f.Type() != js.TypeFunction {
		return -1
	}
	u := p.Call("cpuUsage")
	return (u.Get("user").Float() + u.Get("system").Float()) / 1e6
}
