package wat

import (
	"bytes"
	"strings"
	"testing"
)

// A small module assembles to the bytes the WebAssembly binary format
// gives it, written out here by hand from the specification.
func TestAssembleSmallModule(t *testing.T) {
	src := `(module
	  (import "go" "mem" (memory 1))
	  ;; a comment
	  (func $f (export "f") (param $p i32) (result i32)
	    local.get $p
	    i32.const 1
	    i32.add))`
	want := []byte{
		0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
		0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // types: (i32) -> (i32)
		0x02, 0x0b, 0x01, 0x02, 'g', 'o', 0x03, 'm', 'e', 'm', 0x02, 0x00, 0x01, // import go.mem, min 1
		0x03, 0x02, 0x01, 0x00, // functions: type 0
		0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00, // export "f" = func 0
		0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b, // code
	}
	got, err := Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("assembled\n% x\nwant\n% x", got, want)
	}
}

// SIMD instructions take the 0xfd prefix and a LEB128 opcode, memory
// accesses their alignment (log2 bytes) and offset.
func TestAssembleSIMD(t *testing.T) {
	src := `(module
	  (import "go" "mem" (memory 1))
	  (func $f (export "f") (param $p i32) (local $x v128)
	    local.get $p
	    v128.load64_splat offset=8
	    local.get $p
	    v128.load offset=16 align=8
	    f64x2.add
	    local.set $x))`
	got, err := Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	body := []byte{0x01, 0x01, 0x7b, // one local of type v128
		0x20, 0x00, 0xfd, 0x0a, 0x03, 0x08, // v128.load64_splat align=8 offset=8
		0x20, 0x00, 0xfd, 0x00, 0x03, 0x10, // v128.load align=8 offset=16
		0xfd, 0xf0, 0x01, // f64x2.add (opcode 0xf0 as LEB128)
		0x21, 0x01, 0x0b}
	if !bytes.HasSuffix(got, body) {
		t.Fatalf("assembled\n% x\nwant it to end with the body\n% x", got, body)
	}
}

func TestAssembleErrors(t *testing.T) {
	for _, src := range []string{
		`(module (func $f (param $p i32) local.get $q))`,
		`(module (func $f i32.frobnicate))`,
		`(module (func $f block $l br $m end))`,
		`(module (func $f)`,
	} {
		if _, err := Assemble(src); err == nil || !strings.Contains(err.Error(), "wat") {
			t.Errorf("%q: error %v, want one from wat", src, err)
		}
	}
}
