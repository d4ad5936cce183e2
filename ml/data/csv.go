package data

// ReadCSV and what it is told and reports: the options, the limits, the
// error naming line and column; the parser that assembles the dataset.

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
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
// With Label "" and no column named as the label, a column of text (its
// first data row's cell has letters and is not a number) is the label if it
// is the only one, or the last column of several; the dataset says so
// (LabelGuessed). The features are numbers, so text is never one.
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
	// labelGuessed: no column was named as the label, and the label is
	// the only (or last) column of text.
	labelGuessed bool

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
	firstRow := first.cells
	if p.hasHeader {
		p.names, firstRow = first.cells, nil
		if err2 == nil {
			firstRow = second.cells
		}
	}
	if err := p.chooseLabel(firstRow); err != nil {
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
			if p.label < 0 && isTextCell(c, p.sep) {
				problem += "; if this column holds the labels, give it as the label column (Reading options › Label column on the page, -csv-label on the command line)"
			}
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
			if e, ok := err.(*CSVError); ok && p.labelGuessed {
				e.Msg += fmt.Sprintf("; sslab took %s as the label because it holds text: give the label column under Reading options › Label column (-csv-label), or none", p.labelName())
			}
			return nil, err
		}
		d.LabelColumn, d.LabelGuessed = p.labelName(), p.labelGuessed
	}
	return d, nil
}
