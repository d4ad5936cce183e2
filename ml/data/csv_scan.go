package data

// Scanning a file into records with encoding/csv: lines too wide to
// hand it, the cells and their lines, quoting errors worded for people.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// findWideLine returns the offset of the first record with more than
// MaxCSVColumns cells and the error to report for it, or len(text) and nil.
//
// encoding/csv allocates a whole record before the parser can count its
// cells, and an 8 MiB line of commas is 8 M cells: tens of bytes each in
// slices, far beyond what a tab should allocate. ReadCSV hands
// encoding/csv only the text before such a line, and reports the line when
// it reaches its end, so the first problem in the file is still the one
// reported. Quotes are tracked by toggling, which agrees with encoding/csv
// until its first quoting error, and that error comes first.
func findWideLine(text []byte, sep rune) (int, error) {
	start, startLine, line := 0, 1, 1
	cells, trailing, empty, inQuote := 1, 0, true, false
	check := func() error {
		if cells <= MaxCSVColumns {
			return nil
		}
		if empty {
			trailing++
		}
		msg := fmt.Sprintf("this line has %d columns; at most %d are supported, to keep training in the browser fast", cells, MaxCSVColumns)
		if cells-trailing <= MaxCSVColumns {
			msg += fmt.Sprintf(": the last %d cells are empty, so delete the empty columns to the right of your data", trailing)
		}
		return csvErrorf(startLine, MaxCSVColumns+1, "%s", msg)
	}
	for i, c := range text {
		switch {
		case c == '"':
			inQuote, empty = !inQuote, false
		case c == '\n':
			line++
			if inQuote {
				continue
			}
			if err := check(); err != nil {
				return start, err
			}
			start, startLine = i+1, line
			cells, trailing, empty = 1, 0, true
		case inQuote:
		case rune(c) == sep:
			if empty {
				trailing++
			} else {
				trailing = 0
			}
			cells++
			empty = true
		case c != ' ' && c != '\t' && c != '\r':
			empty = false
		}
	}
	if err := check(); err != nil {
		return start, err
	}
	return len(text), nil
}

// csvRow is one record of the file: its trimmed cells and the line each
// cell starts on (they differ only for quoted cells spanning lines).
type csvRow struct {
	cells []string
	lines []int
}

func (r csvRow) clone() csvRow {
	return csvRow{slices.Clone(r.cells), slices.Clone(r.lines)}
}

// csvScanner yields the non-blank records of a text, reusing its buffers.
type csvScanner struct {
	text []byte
	sep  rune
	end  error // returned at the end of text instead of io.EOF, if not nil
	r    *csv.Reader
	row  csvRow
}

func newCSVScanner(text []byte, sep rune, end error) *csvScanner {
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = sep
	r.FieldsPerRecord = -1 // counts are checked by the parser, with a better message
	r.ReuseRecord = true
	// TrimLeadingSpace lets `1, "a b"` parse, but it treats a tab as space,
	// so with tab-separated cells it would merge empty cells away.
	r.TrimLeadingSpace = sep != '\t'
	return &csvScanner{text: text, sep: sep, end: end, r: r}
}

// next returns the next record with at least one non-empty cell, io.EOF at
// the end, or a *CSVError for malformed quoting.
func (s *csvScanner) next() (csvRow, error) {
	for {
		rec, err := s.r.Read()
		if err == io.EOF && s.end != nil {
			return csvRow{}, s.end
		}
		if err == io.EOF {
			return csvRow{}, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return csvRow{}, s.quoteError(pe)
			}
			return csvRow{}, err
		}
		blank := true
		for i, c := range rec {
			rec[i] = strings.TrimSpace(c)
			blank = blank && rec[i] == ""
		}
		if blank {
			continue
		}
		s.row.cells = rec
		s.row.lines = s.row.lines[:0]
		for i := range rec {
			line, _ := s.r.FieldPos(i)
			s.row.lines = append(s.row.lines, line)
		}
		return s.row, nil
	}
}

// quoteError turns encoding/csv's quoting errors into a message saying
// how to fix the cell, and its byte column into a cell number.
func (s *csvScanner) quoteError(pe *csv.ParseError) *CSVError {
	start := lineOffset(s.text, pe.StartLine)
	at := min(lineOffset(s.text, pe.Line)+max(pe.Column-1, 0), len(s.text))
	cell, open, openCell, inQuote := 1, pe.StartLine, 1, false
	line := pe.StartLine
	for _, c := range s.text[start:at] {
		switch {
		case c == '\n':
			line++
		case c == '"':
			inQuote = !inQuote
			if inQuote {
				open, openCell = line, cell
			}
		case rune(c) == s.sep && !inQuote:
			cell++
		}
	}
	if errors.Is(pe.Err, csv.ErrBareQuote) {
		return csvErrorf(pe.Line, cell, `a double quote (") inside a cell that does not start with one: quote the whole cell and double the quotes inside it ("say ""hi""") or remove the quote`)
	}
	if at >= len(bytes.TrimRight(s.text, " \t\r\n")) && inQuote {
		return csvErrorf(open, openCell, `a quoted cell is never closed: a double quote (") is missing at its end`)
	}
	return csvErrorf(pe.Line, cell, `unexpected text after the closing double quote (") of a quoted cell: only a separator or the end of the line may follow it; to put a quote inside a quoted cell, double it ("")`)
}

// lineOffset returns the byte offset at which 1-based line n starts.
func lineOffset(text []byte, n int) int {
	off := 0
	for range n - 1 {
		i := bytes.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	return off
}
