package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"sslab/ml/tensor"
)

// Limits on the files ReadCSV accepts. sslab parses and trains inside a
// browser tab, on the page's single thread, so the limits are set by what a
// tab does without freezing or running out of memory, not by what the parser
// could handle natively:
//
//   - MaxCSVBytes: WebAssembly parses several times slower than native
//     code, and 8 MiB takes about a second there, the longest a page should
//     stall. It also bounds memory: a cell takes at least two bytes, so
//     the float64 matrix has at most ~4 M cells, and with the text stays
//     within a few tens of MB.
//   - MaxCSVRows: every training step visits a batch and every evaluation
//     visits all rows; 20,000 rows is about ten times the digits set, the
//     largest built-in one, and keeps an evaluation pass interactive.
//   - MaxCSVColumns: the first layer has Dim()×hidden weights, so 1,024
//     inputs (a 32×32 image) keep a forward-backward pass fast.
//   - MinCSVRows: the default split holds out a quarter of the rows, so
//     fewer than 8 leaves too few examples on one side to train or measure
//     anything.
//   - MaxCSVClasses: the linear probe has Dim()×Classes weights and the page
//     lists every class; more than 100 distinct labels usually means an
//     identifier or free-text column was picked as the label.
const (
	MaxCSVBytes   = 8 << 20
	MaxCSVRows    = 20000
	MaxCSVColumns = 1024
	MinCSVRows    = 8
	MaxCSVClasses = 100
)

// maxIntClasses is the most distinct values an all-integer label column may
// have and still be read as classes; with more it is a count or a
// measurement, and becomes a regression target only.
const maxIntClasses = 50

// autoLabelNames are the header names that make a column the label when
// CSVOptions.Label is empty, compared case-insensitively.
var autoLabelNames = []string{"label", "class", "target", "y"}

// CSVOptions tells ReadCSV how to interpret a file. The zero value reads a
// file with or without a header, takes the label from a column named
// label, class, target or y if there is one, and treats the features as a
// plain table rather than an image.
type CSVOptions struct {
	// Name is the dataset name shown on the page, e.g. the file name.
	// Empty gives "your data".
	Name string
	// Label selects the label column:
	//   - "" picks the column headed label, else class, else target, else
	//     y (ignoring case), else none; so unlabelled points "x,y" need
	//     "none";
	//   - "none": no label column;
	//   - a positive integer: a 1-based column number, even if a header
	//     cell also spells that number;
	//   - anything else: a header name, matched exactly, then ignoring case.
	Label string
	// Header is "auto" (or ""), "yes" or "no". See ReadCSV for how "auto"
	// decides.
	Header string
	// Width and Height, if both > 0, make the features the pixels of a
	// Width×Height image, row-major, top row first; Width*Height must equal
	// the number of feature columns. Pixels are kept as given: 0..255 stays
	// 0..255 (call Standardize, or rescale, before using the image
	// augmentations, whose strengths assume values near [0, 1]).
	Width, Height int
}

// CSVError reports the first problem ReadCSV found, where a spreadsheet
// would show it. Line and Column are 1-based; blank lines count, so Line
// matches a text editor. Column counts cells, not characters; 0 means the
// whole line. Line 0 means the file as a whole, or the options.
type CSVError struct {
	Line, Column int
	Msg          string
}

func (e *CSVError) Error() string {
	switch {
	case e.Line <= 0:
		return e.Msg
	case e.Column <= 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

func csvErrorf(line, col int, format string, args ...any) *CSVError {
	return &CSVError{Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// ReadCSV reads a table of examples, one per row, from r: numeric feature
// columns and at most one label column. Every problem is returned as a
// *CSVError naming the line and column of the first one found and saying
// what was expected; an error reading r is returned as is.
//
// The text may be UTF-8 (with or without a byte-order mark), UTF-16 with a
// byte-order mark (Excel's "Unicode Text"), or, if it is not valid UTF-8,
// Windows-1252 (older Excel exports). Cells are separated by commas, or by
// semicolons or tabs if the first line has those and neither of the others.
// With semicolons, a decimal comma ("3,5") is accepted, as written by
// spreadsheets in locales that use semicolon-separated files. Quoting
// follows RFC 4180, as in encoding/csv. Spaces around cells are ignored, and
// so are blank lines, lines of empty cells, and empty cells past the last
// column (a trailing separator or the phantom columns spreadsheets emit).
//
// With Header "auto", the first row is a header if one of its non-empty
// cells is not a number and the cell below it is a number, or is label,
// class, target, y or the Label option. A non-numeric cell above another
// non-numeric cell is not taken as evidence: that is a string label column,
// so a headerless file with class names keeps its first row.
//
// The label column becomes classes or a regression target:
//   - if every label is a whole number and there are at most 50 distinct
//     values, they are classes, ClassNames holding them in increasing
//     numeric order; Targets holds the same values, so the file supports
//     regression as well;
//   - if every label is a finite number otherwise, they fill Targets only;
//   - otherwise the labels are class names, ClassNames sorted by byte
//     order so that the same file always gives the same class indices.
//
// Features are kept as given, images included: no scaling or centring.
// See Standardize.
func ReadCSV(r io.Reader, opt CSVOptions) (*Dataset, error) {
	header, err := headerMode(opt.Header)
	if err != nil {
		return nil, err
	}
	image := opt.Width > 0 && opt.Height > 0
	if opt.Width < 0 || opt.Height < 0 || (!image && opt.Width+opt.Height != 0) {
		return nil, csvErrorf(0, 0, "image size %d×%d: give both a width and a height greater than 0, or neither", opt.Width, opt.Height)
	}

	// Size the buffer up front when r knows its length (a browser file
	// usually arrives as a bytes.Reader): growing it by doubling would
	// copy the text several times.
	var buf bytes.Buffer
	if l, ok := r.(interface{ Len() int }); ok {
		buf.Grow(min(l.Len(), MaxCSVBytes) + bytes.MinRead) // ReadFrom wants MinRead spare bytes
	}
	_, err = buf.ReadFrom(io.LimitReader(r, MaxCSVBytes+1))
	raw := buf.Bytes()
	if err != nil {
		return nil, fmt.Errorf("data: reading CSV: %w", err)
	}
	if len(raw) > MaxCSVBytes {
		return nil, csvErrorf(0, 0, "the file is larger than %d MiB, the most sslab reads so that the page stays responsive: use fewer rows or columns", MaxCSVBytes>>20)
	}
	text, err := decodeText(raw)
	if err != nil {
		return nil, err
	}

	p := &csvParser{sep: detectSeparator(text), opt: opt}
	cut, wide := findWideLine(text, p.sep)
	p.text, p.wide = text[:cut], wide
	return p.parse(header, image)
}

// headerMode normalises CSVOptions.Header.
func headerMode(h string) (string, error) {
	switch m := strings.ToLower(strings.TrimSpace(h)); m {
	case "", "auto":
		return "auto", nil
	case "yes", "no":
		return m, nil
	}
	return "", csvErrorf(0, 0, "header option %q: want auto, yes or no", truncate(h))
}

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

// csvParser holds the state of one ReadCSV call.
type csvParser struct {
	text []byte // the file up to the first line that is too wide
	wide error  // the error for that line, nil if there is none
	sep  rune
	opt  CSVOptions

	width     int // columns per row
	hasHeader bool
	names     []string // header cells, if hasHeader
	firstLine int      // line of the first record (the header, or the first row)
	label     int      // 0-based label column, -1 for none

	x          []float64
	labels     []string // trimmed label cells, one per row
	labelLines []int    // the line of each label cell
}

func (p *csvParser) parse(header string, image bool) (*Dataset, error) {
	// A phantom column is one that is empty in every row. Only trailing
	// empty cells of the first record can start one; find out, before the
	// main pass, whether the rows below keep them empty.
	sc := newCSVScanner(p.text, p.sep, p.wide)
	first, err := sc.next()
	if err == io.EOF {
		return nil, csvErrorf(0, 0, "the file is empty: expected a header line and at least %d rows of numbers", MinCSVRows)
	}
	if err != nil {
		return nil, err
	}
	first = first.clone()
	p.width = len(first.cells) - p.phantomColumns(first.cells)
	first.cells, first.lines = first.cells[:p.width], first.lines[:p.width]
	p.firstLine = first.lines[0]
	// The second record decides an automatic header. Its errors wait until
	// the first row has been checked, so the first problem is reported.
	second, err2 := sc.next()
	if err2 == nil {
		second = second.clone()
	}
	switch header {
	case "yes":
		p.hasHeader = true
	case "auto":
		var below []string
		if err2 == nil {
			below = second.cells
		}
		p.hasHeader = looksLikeHeader(first.cells, below, p.opt.Label, p.sep)
	}
	if p.hasHeader {
		p.names = first.cells
	}
	if err := p.chooseLabel(); err != nil {
		return nil, err
	}
	nf := p.width
	if p.label >= 0 {
		nf--
	}
	if nf == 0 {
		return nil, csvErrorf(p.firstLine, 0, "there are no feature columns: the only column is the label")
	}
	if image && p.opt.Width*p.opt.Height != nf {
		return nil, csvErrorf(p.firstLine, 0, "an image of %d×%d has %d pixels, but there are %d feature columns", p.opt.Width, p.opt.Height, p.opt.Width*p.opt.Height, nf)
	}

	// Reserve room for every row, so that the matrix is not grown and
	// copied again and again: for a large file that copying would cost
	// more than the parsing. A valid row has p.width non-empty cells, so
	// takes at least 2*p.width bytes; counting lines alone would let a
	// small file of blank lines reserve hundreds of megabytes.
	lines := min(bytes.Count(p.text, []byte("\n"))+1, len(p.text)/(2*p.width)+1, MaxCSVRows)
	p.x = make([]float64, 0, lines*nf)
	if p.label >= 0 {
		p.labels = make([]string, 0, lines)
		p.labelLines = make([]int, 0, lines)
	}
	if !p.hasHeader {
		if err := p.addRow(first); err != nil {
			return nil, err
		}
	}
	for row, err := second, err2; err != io.EOF; row, err = sc.next() {
		if err != nil {
			return nil, err
		}
		if err := p.addRow(row); err != nil {
			return nil, err
		}
	}
	return p.dataset(image)
}

// phantomColumns returns how many of first's trailing empty cells stay
// empty in every later record.
func (p *csvParser) phantomColumns(first []string) int {
	w := len(first)
	t := 0
	for t < w && first[w-1-t] == "" {
		t++
	}
	if t == 0 {
		return 0
	}
	sc := newCSVScanner(p.text, p.sep, nil)
	sc.next() // first itself
	for t > 0 {
		row, err := sc.next()
		if err != nil {
			break // a quoting error is reported, in order, by the main pass
		}
		for j := min(len(row.cells), w) - 1; j >= w-t; j-- {
			if row.cells[j] != "" {
				t = w - 1 - j
				break
			}
		}
	}
	return t
}

// looksLikeHeader implements Header "auto"; below is the next record, nil
// if there is none.
func looksLikeHeader(first, below []string, label string, sep rune) bool {
	label = strings.TrimSpace(label)
	for j, c := range first {
		if c == "" || isNumber(c, sep) {
			continue
		}
		if below == nil || (j < len(below) && isNumber(below[j], sep)) {
			return true
		}
		if slices.ContainsFunc(autoLabelNames, func(n string) bool { return strings.EqualFold(n, c) }) ||
			(label != "" && strings.EqualFold(label, c)) {
			return true
		}
	}
	return false
}

func isNumber(s string, sep rune) bool {
	_, problem := parseNumber(s, sep)
	return problem == ""
}

// chooseLabel sets p.label from the Label option.
func (p *csvParser) chooseLabel() error {
	p.label = -1
	want := strings.TrimSpace(p.opt.Label)
	switch {
	case want == "":
		// By name first, so that "x,y,class" picks class: y is the
		// weakest hint, as it may well be a coordinate.
		for _, a := range autoLabelNames {
			if j := slices.IndexFunc(p.names, func(n string) bool { return strings.EqualFold(a, n) }); j >= 0 {
				p.label = j
				return nil
			}
		}
		return nil
	case strings.EqualFold(want, "none"):
		return nil
	}
	if k, err := strconv.Atoi(want); err == nil {
		if k < 1 || k > p.width {
			return csvErrorf(p.firstLine, 0, "there is no column %d for the label: columns are numbered 1 to %d", k, p.width)
		}
		p.label = k - 1
		return nil
	}
	if !p.hasHeader {
		return csvErrorf(p.firstLine, 0, "the label column is given by name (%q), but the file has no header line: give its number (1 to %d), or set the header option to yes", truncate(want), p.width)
	}
	if j := slices.Index(p.names, want); j >= 0 {
		p.label = j
		return nil
	}
	if j := slices.IndexFunc(p.names, func(n string) bool { return strings.EqualFold(n, want) }); j >= 0 {
		p.label = j
		return nil
	}
	return csvErrorf(p.firstLine, 0, "no column is named %q; the header has %s", truncate(want), listNames(p.names))
}

// listNames quotes the first few header names for an error message.
func listNames(names []string) string {
	const show = 8
	var b strings.Builder
	for i, n := range names[:min(len(names), show)] {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", truncate(n))
	}
	if len(names) > show {
		fmt.Fprintf(&b, " and %d more", len(names)-show)
	}
	return b.String()
}

// addRow checks one data row and appends its features and label.
func (p *csvParser) addRow(row csvRow) error {
	cells, lines := row.cells, row.lines
	// Empty cells past the last column are a trailing separator, not data.
	for len(cells) > p.width && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) != p.width {
		col := min(len(cells), p.width) + 1
		other := "the first line"
		if p.hasHeader {
			other = "the header"
		}
		return csvErrorf(lines[min(col, len(cells))-1], col, "this line has %d columns, but %s has %d (is a value missing, or does a cell contain the separator %q without quotes?)", len(cells), other, p.width, p.sep)
	}
	if n := p.rows(); n == MaxCSVRows {
		return csvErrorf(lines[0], 0, "more than %d data rows, the most sslab reads so that training in the browser stays fast: use a sample of the rows", MaxCSVRows)
	}
	for j, c := range cells {
		if j == p.label {
			if c == "" {
				return csvErrorf(lines[j], j+1, "the label is empty: every row needs a label (or set the label option to none)")
			}
			// Clone, or the label would keep its whole line alive.
			p.labels = append(p.labels, strings.Clone(c))
			p.labelLines = append(p.labelLines, lines[j])
			continue
		}
		v, problem := parseNumber(c, p.sep)
		if problem != "" {
			return csvErrorf(lines[j], j+1, "%s", problem)
		}
		p.x = append(p.x, v)
	}
	return nil
}

// rows returns the number of data rows read so far.
func (p *csvParser) rows() int {
	if p.label >= 0 {
		return len(p.labels)
	}
	return len(p.x) / p.width
}

// parseNumber parses a feature cell. It returns a description of the
// problem, saying what was expected, if the cell is not a finite number.
func parseNumber(s string, sep rune) (float64, string) {
	if s == "" {
		return 0, "the cell is empty: expected a number (fill in the missing value or delete the row)"
	}
	if v, ok := parseDecimal(s); ok {
		return v, ""
	}
	v, err := strconv.ParseFloat(s, 64)
	if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
		return v, ""
	}
	if err != nil && sep == ';' && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		v, err = strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	}
	switch {
	case errors.Is(err, strconv.ErrRange) && math.IsInf(v, 0):
		return 0, fmt.Sprintf("%q is too large: numbers must lie between -1.8e308 and 1.8e308", truncate(s))
	case errors.Is(err, strconv.ErrRange):
		return v, "" // underflow: the nearest number is 0 or subnormal, which is fine
	case err != nil:
		hint := ""
		if strings.Contains(s, ",") {
			hint = " (write numbers without thousands separators and with a point for decimals, as in 1234.5)"
		}
		return 0, fmt.Sprintf("%q is not a number: expected a number such as 3, -0.25 or 1e-3%s", truncate(s), hint)
	case math.IsNaN(v):
		return 0, fmt.Sprintf("%q is not a number (NaN): expected a number (fill in the missing value or delete the row)", truncate(s))
	case math.IsInf(v, 0):
		return 0, fmt.Sprintf("%q is infinite: expected a finite number", truncate(s))
	}
	return v, ""
}

// exactPow10 are the powers of ten a float64 holds exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// parseDecimal is a fast path for the cells most files are made of, such
// as "255", "-0.25" or "3.14159": a sign, at most 15 digits and a point.
// It returns the same bits as strconv.ParseFloat, which it beats by several
// times (most of ReadCSV's time is number parsing): the digits form an
// integer below 2^53, exact in a float64, and dividing it by an exact power
// of ten rounds correctly, as in ParseFloat's own exact path. ok is false
// for anything else, which is left to ParseFloat.
func parseDecimal(s string) (v float64, ok bool) {
	i, neg := 0, false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		i, neg = 1, s[0] == '-'
	}
	var mant uint64
	digits, frac, dot := 0, 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			mant = mant*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 {
		return 0, false
	}
	v = float64(mant) / exactPow10[frac]
	if neg {
		v = -v
	}
	return v, true
}

// truncate shortens s to 30 characters for quoting in a message.
func truncate(s string) string {
	const n = 30
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// dataset checks the row count and the labels, and assembles the result.
func (p *csvParser) dataset(image bool) (*Dataset, error) {
	n := p.rows()
	switch {
	case n == 0 && p.hasHeader:
		return nil, csvErrorf(0, 0, "no data rows: the file has only a header line; expected at least %d rows of numbers below it", MinCSVRows)
	case n < MinCSVRows:
		rows := "rows"
		if n == 1 {
			rows = "row"
		}
		return nil, csvErrorf(0, 0, "the file has %d data %s; at least %d are needed to split the examples into training and test sets", n, rows, MinCSVRows)
	}
	name := p.opt.Name
	if name == "" {
		name = "your data"
	}
	if cap(p.x) > len(p.x)+len(p.x)/8 {
		// The reservation in parse overshot (blank lines, long cells):
		// don't keep the slack alive for as long as the dataset lives.
		p.x = slices.Clone(p.x)
	}
	d := &Dataset{
		Name:   name,
		X:      &tensor.Mat{Rows: n, Cols: len(p.x) / n, Data: p.x},
		Source: "uploaded file",
	}
	if image {
		d.Width, d.Height = p.opt.Width, p.opt.Height
	}
	if p.label >= 0 {
		if err := p.setLabels(d); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// setLabels turns the label cells into classes and/or regression targets.
func (p *csvParser) setLabels(d *Dataset) error {
	targets := make([]float64, len(p.labels))
	whole := true
	firstText := -1 // first label that is not a finite number
	for i, s := range p.labels {
		v, problem := parseNumber(s, p.sep)
		if problem != "" {
			firstText = i
			break
		}
		targets[i] = v + 0 // -0 and 0 are the same class
		// Beyond 2^53 not every whole number is a float64, and such
		// values are measurements, not class codes.
		whole = whole && v == math.Trunc(v) && math.Abs(v) <= 1<<53
	}
	labelCol := p.label + 1

	if firstText < 0 {
		distinct := slices.Clone(targets)
		slices.Sort(distinct)
		distinct = slices.Compact(distinct)
		if len(distinct) == 1 && whole {
			return csvErrorf(p.labelLines[0], labelCol, "the label column has a single class %q: a classification task needs at least two", truncate(p.labels[0]))
		}
		if len(distinct) == 1 {
			return csvErrorf(p.labelLines[0], labelCol, "the label column has a single value %q: there is nothing to predict", truncate(p.labels[0]))
		}
		d.Targets = targets
		if !whole || len(distinct) > maxIntClasses {
			return nil // a measurement: regression only
		}
		d.ClassNames = make([]string, len(distinct))
		for c, v := range distinct {
			d.ClassNames[c] = strconv.FormatFloat(v, 'f', -1, 64)
		}
		d.Classes = len(distinct)
		d.Labels = make([]int, len(targets))
		for i, v := range targets {
			d.Labels[i], _ = slices.BinarySearch(distinct, v)
		}
		return nil
	}

	names := slices.Clone(p.labels)
	slices.Sort(names)
	names = slices.Compact(names)
	switch {
	case len(names) == 1:
		return csvErrorf(p.labelLines[0], labelCol, "the label column has a single class %q: a classification task needs at least two", truncate(names[0]))
	case len(names) > MaxCSVClasses:
		msg := fmt.Sprintf("the label column has %d different values, more than the %d classes sslab supports", len(names), MaxCSVClasses)
		if firstText > 0 {
			// Mostly numbers: a regression target with a stray cell
			// ("NA", "?"). Point at that cell rather than the column.
			return csvErrorf(p.labelLines[firstText], labelCol, "%s; the labels above this one are numbers, but %q is not: fix it to use the column as a regression target", msg, truncate(p.labels[firstText]))
		}
		return csvErrorf(p.labelLines[0], labelCol, "%s (is it an identifier or free-text column?)", msg)
	}
	d.ClassNames = names
	d.Classes = len(names)
	d.Labels = make([]int, len(p.labels))
	for i, s := range p.labels {
		d.Labels[i], _ = slices.BinarySearch(names, s)
	}
	return nil
}
