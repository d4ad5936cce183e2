package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// pyDict is a Python dict literal whose keys keep their order.
type pyDict []pyItem

type pyItem struct {
	Key string
	Val any
}

// pyBlob is a long ASCII string (base64) written as a triple-quoted literal
// wrapped at 76 columns, so the file stays readable in an editor.
type pyBlob string

// writePy writes v as a Python literal at the given indentation. It knows
// the types the payload uses and panics on any other, a programming error.
func writePy(b *strings.Builder, v any, indent string) {
	switch v := v.(type) {
	case nil:
		b.WriteString("None")
	case bool:
		if v {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case int:
		b.WriteString(strconv.Itoa(v))
	case uint64:
		b.WriteString(strconv.FormatUint(v, 10))
	case float64:
		b.WriteString(pyFloat(v))
	case string:
		b.WriteString(pyString(v))
	case pyBlob:
		if v == "" {
			b.WriteString(`""`)
			return
		}
		b.WriteString(`"""`)
		for i := 0; i < len(v); i += 76 {
			b.WriteString("\n" + indent + "    ")
			b.WriteString(string(v[i:min(i+76, len(v))]))
		}
		b.WriteString("\n" + indent + `"""`)
	case []int:
		b.WriteString("[")
		for i, x := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(x))
		}
		b.WriteString("]")
	case []string:
		b.WriteString("[")
		for i, x := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(pyString(x))
		}
		b.WriteString("]")
	case pyDict:
		b.WriteString("{\n")
		for _, it := range v {
			b.WriteString(indent + "    " + pyString(it.Key) + ": ")
			writePy(b, it.Val, indent+"    ")
			b.WriteString(",\n")
		}
		b.WriteString(indent + "}")
	default:
		panic(fmt.Sprintf("export: no Python literal for %T", v))
	}
}

// pyFloat writes a finite float64 so that Python reads back the same bits
// and sees a float (25.0, not the int 25).
func pyFloat(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		panic(fmt.Sprintf("export: %v has no Python literal", v))
	}
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// pyString quotes s as a Python string literal: printable characters as
// they are (the file is UTF-8), everything else escaped. Escapes are the
// ones Python and Go share; a byte that is not UTF-8 becomes U+FFFD.
func pyString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
