package data

// Sniffing a file's separator from its first line.

import "bytes"

// detectSeparator looks at the first non-blank line once: a semicolon or a
// tab separates cells only if that line has it and neither of the others.
func detectSeparator(text []byte) rune {
	var line []byte
	for len(text) > 0 {
		line, text, _ = bytes.Cut(text, []byte("\n"))
		if len(bytes.TrimSpace(line)) > 0 {
			break
		}
	}
	comma := bytes.IndexByte(line, ',') >= 0
	semi := bytes.IndexByte(line, ';') >= 0
	tab := bytes.IndexByte(line, '\t') >= 0
	switch {
	case semi && !comma && !tab:
		return ';'
	case tab && !comma && !semi:
		return '\t'
	}
	return ','
}
