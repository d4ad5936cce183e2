package simd

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"syscall/js"
	"unsafe"

	"sslab/ml/tensor"
)

// Install compiles the SIMD module, instantiates it on this program's
// memory and makes it tensor's block kernel. On an error (a browser
// without wasm SIMD, say) nothing is installed and the portable kernels
// keep running.
func Install() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("simd: %v", r)
		}
	}()
	mem, err := goMemory()
	if err != nil {
		return err
	}
	wa := js.Global().Get("WebAssembly")
	bytes := js.Global().Get("Uint8Array").New(len(gemmWasm))
	js.CopyBytesToJS(bytes, gemmWasm)
	mod := wa.Get("Module").New(bytes)
	imports := js.Global().Get("Object").New()
	env := js.Global().Get("Object").New()
	env.Set("mem", mem)
	imports.Set("go", env)
	inst := wa.Get("Instance").New(mod, imports)
	gemm := inst.Get("exports").Get("gemm")
	k := &kernel{}
	k.call = gemm.Call("bind", js.Null(), addr(k.args[:]))
	tensor.SetBlockKernel(k.blocks)
	return nil
}

// kernel calls the module's gemm, which reads its arguments from args.
type kernel struct {
	mu   sync.Mutex // a goroutine switch between writing args and the call
	args [12]int32
	call js.Value
}

func (k *kernel) blocks(b *tensor.Blocks) {
	var bias, flags int32
	if b.Bias != nil {
		bias, flags = addr(b.Bias), 1
	}
	if b.ReLU {
		flags |= 2
	}
	k.mu.Lock()
	k.args = [12]int32{addr(b.C), int32(8 * b.LDC), addr(b.A), int32(8 * b.AStep), int32(8 * b.APanel),
		addr(b.B), int32(8 * b.LDB), int32(b.K), int32(b.Panels), int32(b.Blocks), bias, flags}
	k.call.Invoke()
	k.mu.Unlock()
}

// addr is the address in linear memory of s's first element. Go's heap
// does not move, and the slice stays reachable through the call.
func addr[T any](s []T) int32 { return int32(uintptr(unsafe.Pointer(unsafe.SliceData(s)))) }

// goMemory returns this program's WebAssembly.Memory: the one web/worker.js
// publishes as sslabMemory, or else, where another host runs the program
// (wasmbrowsertest runs the tests), the one wasm_exec.js holds as
// go._inst.exports.mem, reached through syscall/js's Go object, which it
// knows as the predefined reference 6 (jsGo) but does not export: the
// value is rebuilt from syscall/js's layout. Either is checked.
func goMemory() (js.Value, error) {
	if mem := js.Global().Get("sslabMemory"); mem.Truthy() {
		return checkMemory(mem)
	}
	type value struct {
		_     [0]func()
		ref   uint64
		gcPtr *uint64
	}
	if unsafe.Sizeof(value{}) != unsafe.Sizeof(js.Value{}) {
		return js.Value{}, errors.New("simd: syscall/js's Value is not laid out as expected")
	}
	const nanHead, typeFlagObject, goID = 0x7FF80000, 1, 6
	v := value{ref: (nanHead|typeFlagObject)<<32 | goID}
	goObj := *(*js.Value)(unsafe.Pointer(&v))
	if goObj.Type() != js.TypeObject {
		return js.Value{}, errors.New("simd: no Go object")
	}
	return checkMemory(goObj.Get("_inst").Get("exports").Get("mem"))
}

// checkMemory returns mem if it is this program's memory: a
// WebAssembly.Memory that reads what was just written here.
func checkMemory(mem js.Value) (js.Value, error) {
	if !mem.InstanceOf(js.Global().Get("WebAssembly").Get("Memory")) {
		return js.Value{}, errors.New("simd: no WebAssembly.Memory")
	}
	// It is this program's memory if it reads what was just written here.
	probe := []float64{math.Pi, math.E}
	view := js.Global().Get("Float64Array").New(mem.Get("buffer"), addr(probe), 2)
	if view.Index(0).Float() != math.Pi || view.Index(1).Float() != math.E {
		return js.Value{}, errors.New("simd: the memory found is not this program's")
	}
	return mem, nil
}
