// Package wat assembles the small subset of the WebAssembly text format that
// app/worker/simd's kernels are written in, so that the kernels are kept as
// text and built without wabt: a module of one imported memory and
// functions written as flat instruction sequences (no folded
// expressions), with named params, locals and labels.
//
//	(module
//	  (import "go" "mem" (memory 1))
//	  (func $f (export "f") (param $p i32) (result i32) (local $x v128)
//	    local.get $p
//	    block $done ... br_if $done ... end))
//
// Instructions are the integer, f64 and f64x2 ones listed in ops; memory
// accesses take offset= and align= (a power of two in bytes, the natural
// alignment by default).
package wat

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Assemble returns the binary module that src describes.
func Assemble(src string) ([]byte, error) {
	toks, err := tokenize(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	tree, err := p.list()
	if err != nil {
		return nil, err
	}
	if p.pos != len(toks) {
		return nil, fmt.Errorf("wat: text after the module at %q", toks[p.pos].text)
	}
	return assemble(tree)
}

type token struct {
	text string
	line int
}

func tokenize(src string) ([]token, error) {
	var toks []token
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == ';' && i+1 < len(src) && src[i+1] == ';':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '(' || c == ')':
			toks = append(toks, token{string(c), line})
			i++
		case c == '"':
			j := strings.IndexByte(src[i+1:], '"')
			if j < 0 {
				return nil, fmt.Errorf("wat: line %d: unterminated string", line)
			}
			toks = append(toks, token{src[i : i+j+2], line})
			i += j + 2
		default:
			j := i
			for j < len(src) && !strings.ContainsRune(" \t\r\n()\";", rune(src[j])) {
				j++
			}
			toks = append(toks, token{src[i:j], line})
			i = j
		}
	}
	return toks, nil
}

// node is an atom (text) or a parenthesised list (kids).
type node struct {
	text string
	line int
	kids []node
	list bool
}

type parser struct {
	toks []token
	pos  int
}

func (p *parser) list() (node, error) {
	if p.pos >= len(p.toks) || p.toks[p.pos].text != "(" {
		return node{}, fmt.Errorf("wat: expected (")
	}
	n := node{list: true, line: p.toks[p.pos].line}
	p.pos++
	for p.pos < len(p.toks) {
		t := p.toks[p.pos]
		switch t.text {
		case ")":
			p.pos++
			return n, nil
		case "(":
			k, err := p.list()
			if err != nil {
				return node{}, err
			}
			n.kids = append(n.kids, k)
		default:
			n.kids = append(n.kids, node{text: t.text, line: t.line})
			p.pos++
		}
	}
	return node{}, fmt.Errorf("wat: line %d: unclosed (", n.line)
}

func (n node) head() string {
	if len(n.kids) == 0 || n.kids[0].list {
		return ""
	}
	return n.kids[0].text
}

var valTypes = map[string]byte{"i32": 0x7f, "i64": 0x7e, "f32": 0x7d, "f64": 0x7c, "v128": 0x7b}

type function struct {
	name            string
	export          string
	params, results []byte
	locals          []byte
	names           map[string]int
	body            []node
}

func assemble(mod node) ([]byte, error) {
	if mod.head() != "module" {
		return nil, fmt.Errorf("wat: not a module")
	}
	var imports [][]byte
	var funcs []*function
	funcIdx := map[string]int{}
	for _, f := range mod.kids[1:] {
		switch f.head() {
		case "import":
			b, err := memoryImport(f)
			if err != nil {
				return nil, err
			}
			imports = append(imports, b)
		case "func":
			fn, err := signature(f)
			if err != nil {
				return nil, err
			}
			if fn.name != "" {
				funcIdx[fn.name] = len(funcs)
			}
			funcs = append(funcs, fn)
		default:
			return nil, fmt.Errorf("wat: line %d: unsupported module field %q", f.line, f.head())
		}
	}
	var types, fsec, exports, code []byte
	types = uleb(types, uint64(len(funcs)))
	fsec = uleb(fsec, uint64(len(funcs)))
	nexp := 0
	for i, fn := range funcs {
		types = append(types, 0x60)
		types = vec(types, fn.params)
		types = vec(types, fn.results)
		fsec = uleb(fsec, uint64(i))
		if fn.export != "" {
			nexp++
			exports = name(exports, fn.export)
			exports = append(exports, 0x00)
			exports = uleb(exports, uint64(i))
		}
	}
	code = uleb(code, uint64(len(funcs)))
	for _, fn := range funcs {
		body, err := fn.encode(funcIdx)
		if err != nil {
			return nil, err
		}
		code = uleb(code, uint64(len(body)))
		code = append(code, body...)
	}
	out := []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}
	out = section(out, 1, types)
	imp := uleb(nil, uint64(len(imports)))
	for _, b := range imports {
		imp = append(imp, b...)
	}
	out = section(out, 2, imp)
	out = section(out, 3, fsec)
	out = section(out, 7, append(uleb(nil, uint64(nexp)), exports...))
	out = section(out, 10, code)
	return out, nil
}

// memoryImport encodes (import "m" "f" (memory min [max])).
func memoryImport(f node) ([]byte, error) {
	if len(f.kids) != 4 || f.kids[3].head() != "memory" {
		return nil, fmt.Errorf("wat: line %d: only memory imports are supported", f.line)
	}
	var b []byte
	for _, s := range f.kids[1:3] {
		str, err := strconv.Unquote(s.text)
		if err != nil {
			return nil, fmt.Errorf("wat: line %d: bad name %s", f.line, s.text)
		}
		b = name(b, str)
	}
	b = append(b, 0x02)
	lim := f.kids[3].kids[1:]
	var vals []uint64
	for _, l := range lim {
		v, err := strconv.ParseUint(l.text, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("wat: line %d: bad memory limit %q", f.line, l.text)
		}
		vals = append(vals, v)
	}
	switch len(vals) {
	case 1:
		b = uleb(append(b, 0x00), vals[0])
	case 2:
		b = uleb(uleb(append(b, 0x01), vals[0]), vals[1])
	default:
		return nil, fmt.Errorf("wat: line %d: memory needs its limits", f.line)
	}
	return b, nil
}

func signature(f node) (*function, error) {
	fn := &function{names: map[string]int{}}
	kids := f.kids[1:]
	if len(kids) > 0 && !kids[0].list && strings.HasPrefix(kids[0].text, "$") {
		fn.name = kids[0].text
		kids = kids[1:]
	}
	var locals []byte
	for len(kids) > 0 && kids[0].list {
		k := kids[0]
		kids = kids[1:]
		switch k.head() {
		case "export":
			s, err := strconv.Unquote(k.kids[1].text)
			if err != nil {
				return nil, fmt.Errorf("wat: line %d: bad export name", k.line)
			}
			fn.export = s
		case "param", "local", "result":
			var named string
			for _, t := range k.kids[1:] {
				if strings.HasPrefix(t.text, "$") {
					named = t.text
					continue
				}
				vt, ok := valTypes[t.text]
				if !ok {
					return nil, fmt.Errorf("wat: line %d: unknown type %q", t.line, t.text)
				}
				switch k.head() {
				case "result":
					fn.results = append(fn.results, vt)
					continue
				case "param":
					if len(locals) > 0 {
						return nil, fmt.Errorf("wat: line %d: param after local", k.line)
					}
					fn.params = append(fn.params, vt)
				case "local":
					locals = append(locals, vt)
				}
				if named != "" {
					if _, dup := fn.names[named]; dup {
						return nil, fmt.Errorf("wat: line %d: %s declared twice", k.line, named)
					}
					fn.names[named] = len(fn.params) + len(locals) - 1
					named = ""
				}
			}
		default:
			return nil, fmt.Errorf("wat: line %d: unexpected (%s ...)", k.line, k.head())
		}
	}
	fn.locals = locals
	fn.body = kids
	return fn, nil
}

// op is an instruction's encoding: its opcode bytes (0xfd-prefixed ones
// carry their LEB index) and its immediate.
type op struct {
	code  []byte
	imm   int
	align int // log2 of the natural alignment, for memory accesses
}

const (
	immNone = iota
	immMem
	immLocal
	immLabel
	immBlock
	immI32
	immF64
	immLane
	immFunc
)

func simd(i uint64, imm, align int) op { return op{uleb([]byte{0xfd}, i), imm, align} }

var ops = map[string]op{
	"block": {[]byte{0x02}, immBlock, 0}, "loop": {[]byte{0x03}, immBlock, 0},
	"if": {[]byte{0x04}, immBlock, 0}, "else": {[]byte{0x05}, immNone, 0},
	"end": {[]byte{0x0b}, immNone, 0}, "br": {[]byte{0x0c}, immLabel, 0},
	"br_if": {[]byte{0x0d}, immLabel, 0}, "return": {[]byte{0x0f}, immNone, 0},
	"call": {[]byte{0x10}, immFunc, 0}, "drop": {[]byte{0x1a}, immNone, 0},
	"select":    {[]byte{0x1b}, immNone, 0},
	"local.get": {[]byte{0x20}, immLocal, 0}, "local.set": {[]byte{0x21}, immLocal, 0},
	"local.tee": {[]byte{0x22}, immLocal, 0},
	"i32.load":  {[]byte{0x28}, immMem, 2}, "f64.load": {[]byte{0x2b}, immMem, 3},
	"i32.store": {[]byte{0x36}, immMem, 2}, "f64.store": {[]byte{0x39}, immMem, 3},
	"i32.const": {[]byte{0x41}, immI32, 0}, "f64.const": {[]byte{0x44}, immF64, 0},
	"i32.eqz": {[]byte{0x45}, immNone, 0}, "i32.eq": {[]byte{0x46}, immNone, 0},
	"i32.ne": {[]byte{0x47}, immNone, 0}, "i32.lt_s": {[]byte{0x48}, immNone, 0},
	"i32.lt_u": {[]byte{0x49}, immNone, 0}, "i32.gt_s": {[]byte{0x4a}, immNone, 0},
	"i32.gt_u": {[]byte{0x4b}, immNone, 0}, "i32.le_s": {[]byte{0x4c}, immNone, 0},
	"i32.le_u": {[]byte{0x4d}, immNone, 0}, "i32.ge_s": {[]byte{0x4e}, immNone, 0},
	"i32.ge_u": {[]byte{0x4f}, immNone, 0},
	"f64.eq":   {[]byte{0x61}, immNone, 0}, "f64.ne": {[]byte{0x62}, immNone, 0},
	"f64.lt": {[]byte{0x63}, immNone, 0}, "f64.gt": {[]byte{0x64}, immNone, 0},
	"i32.add": {[]byte{0x6a}, immNone, 0}, "i32.sub": {[]byte{0x6b}, immNone, 0},
	"i32.mul": {[]byte{0x6c}, immNone, 0}, "i32.and": {[]byte{0x71}, immNone, 0},
	"i32.or": {[]byte{0x72}, immNone, 0}, "i32.shl": {[]byte{0x74}, immNone, 0},
	"i32.shr_u": {[]byte{0x76}, immNone, 0},
	"f64.add":   {[]byte{0xa0}, immNone, 0}, "f64.sub": {[]byte{0xa1}, immNone, 0},
	"f64.mul": {[]byte{0xa2}, immNone, 0}, "f64.div": {[]byte{0xa3}, immNone, 0},

	"v128.load":          simd(0x00, immMem, 4),
	"v128.load64_splat":  simd(0x0a, immMem, 3),
	"v128.store":         simd(0x0b, immMem, 4),
	"f64x2.splat":        simd(0x14, immNone, 0),
	"f64x2.extract_lane": simd(0x21, immLane, 0),
	"f64x2.replace_lane": simd(0x22, immLane, 0),
	"f64x2.eq":           simd(0x47, immNone, 0),
	"f64x2.ne":           simd(0x48, immNone, 0),
	"f64x2.lt":           simd(0x49, immNone, 0),
	"f64x2.gt":           simd(0x4a, immNone, 0),
	"v128.not":           simd(0x4d, immNone, 0),
	"v128.and":           simd(0x4e, immNone, 0),
	"v128.or":            simd(0x50, immNone, 0),
	"v128.load64_zero":   simd(0x5d, immMem, 3),
	"v128.store64_lane":  simd(0x5b, immMem|1<<8, 3),
	"f64x2.add":          simd(0xf0, immNone, 0),
	"f64x2.sub":          simd(0xf1, immNone, 0),
	"f64x2.mul":          simd(0xf2, immNone, 0),
	"f64x2.div":          simd(0xf3, immNone, 0),
}

func (fn *function) encode(funcIdx map[string]int) ([]byte, error) {
	var b []byte
	// Locals: runs of one type.
	type run struct {
		n int
		t byte
	}
	var runs []run
	for _, t := range fn.locals {
		if len(runs) > 0 && runs[len(runs)-1].t == t {
			runs[len(runs)-1].n++
			continue
		}
		runs = append(runs, run{1, t})
	}
	b = uleb(b, uint64(len(runs)))
	for _, r := range runs {
		b = append(uleb(b, uint64(r.n)), r.t)
	}
	var labels []string // innermost last
	toks := fn.body
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.list {
			return nil, fmt.Errorf("wat: line %d: folded instructions are not supported", t.line)
		}
		o, ok := ops[t.text]
		if !ok {
			return nil, fmt.Errorf("wat: line %d: unknown instruction %q", t.line, t.text)
		}
		b = append(b, o.code...)
		arg := func() (string, error) {
			if i+1 >= len(toks) || toks[i+1].list {
				return "", fmt.Errorf("wat: line %d: %s needs an operand", t.line, t.text)
			}
			i++
			return toks[i].text, nil
		}
		switch o.imm & 0xff {
		case immNone:
			if t.text == "end" {
				if len(labels) == 0 {
					return nil, fmt.Errorf("wat: line %d: end without a block", t.line)
				}
				labels = labels[:len(labels)-1]
			}
		case immBlock:
			label := ""
			if i+1 < len(toks) && strings.HasPrefix(toks[i+1].text, "$") {
				i++
				label = toks[i].text
			}
			labels = append(labels, label)
			b = append(b, 0x40) // no results
		case immLabel:
			s, err := arg()
			if err != nil {
				return nil, err
			}
			depth := -1
			for d := 0; d < len(labels); d++ {
				if labels[len(labels)-1-d] == s {
					depth = d
					break
				}
			}
			if depth < 0 {
				return nil, fmt.Errorf("wat: line %d: no enclosing label %s", t.line, s)
			}
			b = uleb(b, uint64(depth))
		case immLocal:
			s, err := arg()
			if err != nil {
				return nil, err
			}
			idx, ok := fn.names[s]
			if !ok {
				return nil, fmt.Errorf("wat: line %d: unknown local %s", t.line, s)
			}
			b = uleb(b, uint64(idx))
		case immFunc:
			s, err := arg()
			if err != nil {
				return nil, err
			}
			idx, ok := funcIdx[s]
			if !ok {
				return nil, fmt.Errorf("wat: line %d: unknown function %s", t.line, s)
			}
			b = uleb(b, uint64(idx))
		case immI32:
			s, err := arg()
			if err != nil {
				return nil, err
			}
			v, err := strconv.ParseInt(s, 0, 32)
			if err != nil {
				return nil, fmt.Errorf("wat: line %d: bad i32 %q", t.line, s)
			}
			b = sleb(b, v)
		case immF64:
			s, err := arg()
			if err != nil {
				return nil, err
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("wat: line %d: bad f64 %q", t.line, s)
			}
			u := math.Float64bits(v)
			for k := 0; k < 8; k++ {
				b = append(b, byte(u>>(8*k)))
			}
		case immLane:
			s, err := arg()
			if err != nil {
				return nil, err
			}
			v, err := strconv.ParseUint(s, 10, 8)
			if err != nil || v > 1 {
				return nil, fmt.Errorf("wat: line %d: bad f64x2 lane %q", t.line, s)
			}
			b = append(b, byte(v))
		case immMem:
			align, offset := o.align, uint64(0)
			for i+1 < len(toks) && !toks[i+1].list {
				k, v, ok := strings.Cut(toks[i+1].text, "=")
				if !ok || (k != "offset" && k != "align") {
					break
				}
				i++
				n, err := strconv.ParseUint(v, 0, 32)
				if err != nil {
					return nil, fmt.Errorf("wat: line %d: bad %s", t.line, toks[i].text)
				}
				if k == "offset" {
					offset = n
				} else {
					if n == 0 || n&(n-1) != 0 || bits.TrailingZeros64(n) > o.align {
						return nil, fmt.Errorf("wat: line %d: bad alignment %d", t.line, n)
					}
					align = bits.TrailingZeros64(n)
				}
			}
			b = uleb(uleb(b, uint64(align)), offset)
			if o.imm>>8 == 1 { // a lane access: the lane index follows
				s, err := arg()
				if err != nil {
					return nil, err
				}
				v, err := strconv.ParseUint(s, 10, 8)
				if err != nil || v > 1 {
					return nil, fmt.Errorf("wat: line %d: bad f64x2 lane %q", t.line, s)
				}
				b = append(b, byte(v))
			}
		}
	}
	if len(labels) != 0 {
		return nil, fmt.Errorf("wat: function %s: %d blocks left open", fn.name, len(labels))
	}
	return append(b, 0x0b), nil
}

func uleb(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			b = append(b, c|0x80)
			continue
		}
		return append(b, c)
	}
}

func sleb(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func vec(b, items []byte) []byte { return append(uleb(b, uint64(len(items))), items...) }

func name(b []byte, s string) []byte { return append(uleb(b, uint64(len(s))), s...) }

func section(out []byte, id byte, body []byte) []byte {
	return append(uleb(append(out, id), uint64(len(body))), body...)
}
