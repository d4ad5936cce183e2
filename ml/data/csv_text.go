package data

// Decoding a file's bytes into UTF-8 text: byte-order marks, UTF-16,
// Windows-1252, old Mac line endings, and files that are not text.

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeText turns the file's bytes into UTF-8 text without a byte-order
// mark, and rejects what is clearly not a text file, since a spreadsheet
// workbook uploaded by mistake would otherwise give a baffling message about
// its first line.
func decodeText(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")), bytes.HasPrefix(b, []byte("\xd0\xcf\x11\xe0")):
		return nil, csvErrorf(0, 0, "this looks like a spreadsheet workbook (.xlsx, .xls or .ods), not a CSV file: save or export it as CSV first")
	case bytes.HasPrefix(b, []byte("\xff\xfe")):
		b = decodeUTF16(b[2:], false)
	case bytes.HasPrefix(b, []byte("\xfe\xff")):
		b = decodeUTF16(b[2:], true)
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		b = b[3:]
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return nil, csvErrorf(0, 0, "this is not a text file (it contains zero bytes): expected a CSV file")
	}
	if !utf8.Valid(b) {
		b = decodeWindows1252(b)
	}
	// Classic Mac OS line endings: a lone CR ends each line. encoding/csv
	// only splits at LF, so the file would otherwise read as a single line.
	if bytes.IndexByte(b, '\n') < 0 && bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	return b, nil
}

func decodeUTF16(b []byte, bigEndian bool) []byte {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return []byte(string(utf16.Decode(u)))
}

// cp1252 maps bytes 0x80–0x9f of Windows-1252 to Unicode; the other bytes
// are Latin-1, equal to their code points. Undefined bytes map to U+FFFD.
var cp1252 = [32]rune{
	'€', '\ufffd', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\ufffd', 'Ž', '\ufffd',
	'\ufffd', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\ufffd', 'ž', 'Ÿ',
}

func decodeWindows1252(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/4)
	for _, c := range b {
		switch {
		case c < 0x80:
			out = append(out, c)
		case c < 0xa0:
			out = utf8.AppendRune(out, cp1252[c-0x80])
		default:
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return out
}
