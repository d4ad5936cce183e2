package session

import (
	"errors"
	"syscall/js"
	"unsafe"
)

// The conversion of Messages to and from the JavaScript objects that
// postMessage carries (see the protocol), for the page, the training
// worker and its helpers alike.

// ToJS returns m as postMessage carries it: {json, charts, files, floats,
// memory}, the parts beside the JSON only when m has them.
func ToJS(m Message) (js.Value, error) {
	w, err := ToWire(m)
	if err != nil {
		return js.Value{}, err
	}
	obj := js.Global().Get("Object").New()
	obj.Set("json", w.JSON)
	if len(w.Charts) > 0 {
		obj.Set("charts", stringsToJS(w.Charts))
	}
	if len(w.Files) > 0 {
		obj.Set("files", stringsToJS(w.Files))
	}
	if len(w.Floats) > 0 {
		floats := js.Global().Get("Object").New()
		for k, v := range w.Floats {
			floats.Set(k, floatsToJS(v))
		}
		obj.Set("floats", floats)
	}
	if mem, ok := w.Memory.(js.Value); ok {
		obj.Set("memory", mem)
	}
	return obj, nil
}

// FromJS reads a message as postMessage delivered it (an event's data).
// web/bench.html asks for a benchmark as {bench: {query, steps}}, which
// reads as a message of type bench.
func FromJS(v js.Value) (Message, error) {
	if v.Type() != js.TypeObject {
		return Message{}, errors.New("not an object")
	}
	if b := v.Get("bench"); b.Type() == js.TypeObject && v.Get("json").Type() != js.TypeString {
		m := Message{Type: MsgBench}
		if q := b.Get("query"); q.Type() == js.TypeString {
			m.Query = q.String()
		}
		if n := b.Get("steps"); n.Type() == js.TypeNumber {
			m.Steps = n.Int()
		}
		return m, nil
	}
	j := v.Get("json")
	if j.Type() != js.TypeString {
		return Message{}, errors.New("it has no json part")
	}
	w := Wire{JSON: j.String(), Charts: stringsFromJS(v.Get("charts")), Files: stringsFromJS(v.Get("files"))}
	if f := v.Get("floats"); f.Type() == js.TypeObject {
		keys := js.Global().Get("Object").Call("keys", f)
		w.Floats = make(map[string][]float64, keys.Length())
		for i := range keys.Length() {
			k := keys.Index(i).String()
			w.Floats[k] = floatsFromJS(nil, f.Get(k))
		}
	}
	if mem := v.Get("memory"); mem.Truthy() {
		w.Memory = mem
	}
	return FromWire(w)
}

func stringsToJS(m map[string]string) js.Value {
	obj := js.Global().Get("Object").New()
	for k, v := range m {
		obj.Set(k, v)
	}
	return obj
}

func stringsFromJS(v js.Value) map[string]string {
	if v.Type() != js.TypeObject {
		return nil
	}
	keys := js.Global().Get("Object").Call("keys", v)
	if keys.Length() == 0 {
		return nil
	}
	m := make(map[string]string, keys.Length())
	for i := range keys.Length() {
		k := keys.Index(i).String()
		if s := v.Get(k); s.Type() == js.TypeString {
			m[k] = s.String()
		}
	}
	return m
}

// floatsToJS copies v into a new ArrayBuffer: js.CopyBytesToJS takes
// bytes, so the floats travel as their bytes (both ends are wasm,
// little-endian) and keep their bits.
func floatsToJS(v []float64) js.Value {
	u8 := js.Global().Get("Uint8Array").New(8 * len(v))
	if len(v) > 0 {
		js.CopyBytesToJS(u8, unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*len(v)))
	}
	return u8.Get("buffer")
}

// floatsFromJS copies an ArrayBuffer of float64s into dst, grown if need
// be; anything else reads as no floats.
func floatsFromJS(dst []float64, buf js.Value) []float64 {
	if !buf.InstanceOf(js.Global().Get("ArrayBuffer")) {
		return dst[:0]
	}
	u8 := js.Global().Get("Uint8Array").New(buf)
	n := u8.Length() / 8
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	v := dst[:n]
	if n > 0 {
		js.CopyBytesToGo(unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*n), u8)
	}
	return v
}
