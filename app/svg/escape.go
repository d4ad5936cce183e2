package svg

import (
	"strings"
	"unicode/utf8"
)

// writeEsc writes s to b escaped for XML text and attribute values.
func writeEsc(b *strings.Builder, s string) {
	if plain(s) {
		b.WriteString(s)
		return
	}
	// As encoding/xml's EscapeText, without pulling that package into the
	// page's wasm: entities for the five specials and for tab, newline and
	// carriage return; U+FFFD for invalid UTF-8 and characters XML forbids.
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"':
			b.WriteString("&#34;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\t':
			b.WriteString("&#x9;")
		case r == '\n':
			b.WriteString("&#xA;")
		case r == '\r':
			b.WriteString("&#xD;")
		case r == utf8.RuneError && size == 1, !xmlChar(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
}

// xmlChar reports whether r may appear in XML text (XML 1.0's Char).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// appendEscaped appends s escaped for XML.
func appendEscaped(b []byte, s string) []byte {
	if plain(s) {
		return append(b, s...)
	}
	var sb strings.Builder
	writeEsc(&sb, s)
	return append(b, sb.String()...)
}

// plain reports whether s is printable ASCII that needs no escaping.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
			return false
		}
	}
	return true
}

// truncate shortens s to at most n runes, ending it with "…" when cut.
func truncate(s string, n int) string {
	if n < 1 {
		n = 1
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, k := 0, 0
	for i = range s {
		if k == n-1 {
			break
		}
		k++
	}
	return s[:i] + "…"
}

// textWidth estimates the rendered width in pixels of s at font size px.
// It is deliberately generous (0.6em per character) so layouts never clip.
func textWidth(s string, px float64) float64 {
	return float64(utf8.RuneCountInString(s)) * px * charW
}

// fitRunes is how many characters fit in width pixels at font size px.
func fitRunes(width, px float64) int {
	return int(width / (px * charW))
}
