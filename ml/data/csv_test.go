package data

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"sslab/ml/num"
	"sslab/ml/tensor"
)

// csvRows returns n lines, line i given by f(i), each ending in a newline.
func csvRows(n int, f func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(f(i))
		b.WriteByte('\n')
	}
	return b.String()
}

// twoClass is a valid body of 8 rows "i,2i,a|b", without a header.
var twoClass = csvRows(8, func(i int) string { return fmt.Sprintf("%d,%d,%c", i, 2*i, 'a'+i%2) })

// endless is an io.Reader that never ends, to test MaxCSVBytes.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "0,1\n"[i%4]
	}
	return len(p), nil
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadCSVErrors(t *testing.T) {
	header := "a,b,label\n"
	bad := func(line int, cell string) string {
		// twoClass with data row line (1-based, after the header) replaced.
		rows := strings.Split(strings.TrimSuffix(twoClass, "\n"), "\n")
		rows[line-2] = cell
		return header + strings.Join(rows, "\n") + "\n"
	}
	for _, tc := range []struct {
		name      string
		in        string
		opt       CSVOptions
		line, col int
		want      []string // substrings of the message
	}{
		{"empty", "", CSVOptions{}, 0, 0, []string{"empty"}},
		{"blank lines only", "\n  \n\t\n", CSVOptions{}, 0, 0, []string{"empty"}},
		{"header only", header, CSVOptions{}, 0, 0, []string{"no data rows"}},
		{"header only no newline", "x,y", CSVOptions{}, 0, 0, []string{"no data rows"}},
		{"too few columns", bad(4, "1,2"), CSVOptions{}, 4, 3, []string{"this line has 2 columns, but the header has 3"}},
		{"too many columns", bad(5, "1,2,a,7"), CSVOptions{}, 5, 4, []string{"this line has 4 columns, but the header has 3"}},
		{"too many columns no header", "1,2\n1,2,3\n", CSVOptions{}, 2, 3, []string{"but the first line has 2"}},
		{"not a number", bad(3, "1,abc,a"), CSVOptions{}, 3, 2, []string{`"abc" is not a number`, "such as"}},
		{"thousands", bad(3, `1,"1,234",a`), CSVOptions{}, 3, 2, []string{`"1,234" is not a number`, "thousands"}},
		{"long cell truncated", bad(3, "1,"+strings.Repeat("x", 40)+",a"), CSVOptions{}, 3, 2,
			[]string{`"` + strings.Repeat("x", 29) + `…" is not a number`}},
		{"empty cell", bad(6, "1,,b"), CSVOptions{}, 6, 2, []string{"the cell is empty", "expected a number"}},
		{"NaN", bad(2, "NaN,1,a"), CSVOptions{}, 2, 1, []string{`"NaN" is not a number (NaN)`}},
		{"nan", bad(2, "1,nan,a"), CSVOptions{}, 2, 2, []string{`"nan" is not a number (NaN)`}},
		{"Inf", bad(2, "1,Inf,a"), CSVOptions{}, 2, 2, []string{`"Inf" is infinite`}},
		{"-inf", bad(2, "1,-inf,a"), CSVOptions{}, 2, 2, []string{`"-inf" is infinite`}},
		{"overflow", bad(9, "1e999,1,b"), CSVOptions{}, 9, 1, []string{`"1e999" is too large`}},
		{"first problem wins", bad(3, "x,1e999,a"), CSVOptions{}, 3, 1, []string{`"x" is not a number`}},
		{"blank lines are counted", "a,b,label\n\n1,2,a\n   \n1,oops,b\n", CSVOptions{}, 5, 2, []string{`"oops"`}},
		{"CRLF", "a,b,label\r\n1,2,a\r\n1,oops,b\r\n", CSVOptions{}, 3, 2, []string{`"oops"`}},
		{"empty label", bad(4, "1,2,"), CSVOptions{}, 4, 3, []string{"the label is empty"}},
		{"too few rows", header + csvRows(7, func(i int) string { return fmt.Sprintf("%d,1,%c", i, 'a'+i%2) }),
			CSVOptions{}, 0, 0, []string{"7 data rows", "at least 8"}},
		{"too many rows", csvRows(MaxCSVRows+2, func(i int) string { return fmt.Sprint(i % 7) }),
			CSVOptions{}, MaxCSVRows + 1, 0, []string{"more than 20000 data rows"}},
		{"too many rows after header", "x\n" + csvRows(MaxCSVRows+1, func(i int) string { return "1" }),
			CSVOptions{}, MaxCSVRows + 2, 0, []string{"more than 20000 data rows"}},
		{"too many columns in file", strings.Repeat("1,", MaxCSVColumns) + "1\n", CSVOptions{}, 1, MaxCSVColumns + 1,
			[]string{"1025 columns", "at most 1024"}},
		{"too many empty columns", "a,b,label" + strings.Repeat(",", 5000) + "\n" + twoClass, CSVOptions{}, 1, MaxCSVColumns + 1,
			[]string{"5003 columns", "the last 5000 cells are empty", "delete the empty columns"}},
		{"too wide a line comes after earlier problems", "a,b,label\n1,x,a\n" + strings.Repeat("1,", 3000) + "\n", CSVOptions{}, 2, 2,
			[]string{`"x" is not a number`}},
		{"too wide a later line", "a,b,label\n1,2,a\n\n\"quoted\nlabel\"," + strings.Repeat("1,", 3000) + "\n", CSVOptions{}, 4, MaxCSVColumns + 1,
			[]string{"3002 columns"}},
		{"too wide a line of empty cells", "a,b,label\n" + twoClass + strings.Repeat(",", 3000) + "\n", CSVOptions{}, 10, MaxCSVColumns + 1,
			[]string{"3001 columns", "the last 3001 cells are empty"}},
		{"exactly the most columns", "label," + strings.Repeat("1,", MaxCSVColumns-2) + "1\n", CSVOptions{}, 0, 0,
			[]string{"no data rows"}},
		{"single class", header + csvRows(8, func(i int) string { return fmt.Sprintf("%d,1,cat", i) }),
			CSVOptions{}, 2, 3, []string{`single class "cat": a classification task needs at least two`}},
		{"single value", header + csvRows(8, func(i int) string { return fmt.Sprintf("%d,1,0.5", i) }),
			CSVOptions{}, 2, 3, []string{`single value "0.5"`, "nothing to predict"}},
		{"one row", "1,2\n", CSVOptions{}, 0, 0, []string{"has 1 data row;"}},
		{"single numeric class", header + csvRows(8, func(i int) string { return fmt.Sprintf("%d,1,3", i) }),
			CSVOptions{}, 2, 3, []string{`single class "3"`}},
		{"identifier as label", "a,id\n" + csvRows(MaxCSVClasses+1, func(i int) string { return fmt.Sprintf("1,row%d", i) }),
			CSVOptions{Label: "id"}, 2, 2, []string{"101 different values", "more than the 100 classes", "identifier"}},
		{"regression with a stray cell", "a,y\n" + csvRows(200, func(i int) string {
			if i == 150 {
				return "1,NA"
			}
			return fmt.Sprintf("1,%d.5", i)
		}), CSVOptions{}, 152, 2, []string{`"NA" is not`, "regression target"}},
		{"image size mismatch", "1,2,3,4,5\n", CSVOptions{Width: 2, Height: 3}, 1, 0,
			[]string{"2×3 has 6 pixels, but there are 5 feature columns"}},
		{"image size with label", header + twoClass, CSVOptions{Width: 2, Height: 2}, 1, 0, []string{"4 pixels", "2 feature columns"}},
		{"width only", twoClass, CSVOptions{Width: 8}, 0, 0, []string{"both a width and a height"}},
		{"negative size", twoClass, CSVOptions{Width: -2, Height: -2}, 0, 0, []string{"both a width and a height"}},
		{"label number too large", header + twoClass, CSVOptions{Label: "9"}, 1, 0, []string{"no column 9", "1 to 3"}},
		{"label number zero", header + twoClass, CSVOptions{Label: "0"}, 1, 0, []string{"no column 0"}},
		{"label name missing", header + twoClass, CSVOptions{Label: "species"}, 1, 0,
			[]string{`no column is named "species"`, `"a", "b", "label"`}},
		{"label name without header", twoClass, CSVOptions{Label: "species", Header: "no"}, 1, 0,
			[]string{"no header line", "1 to 3"}},
		{"label is the only column", "label\n" + csvRows(8, func(i int) string { return fmt.Sprint(i % 2) }),
			CSVOptions{}, 1, 0, []string{"no feature columns"}},
		{"bad header option", twoClass, CSVOptions{Header: "maybe"}, 0, 0, []string{`"maybe"`, "auto, yes or no"}},
		{"bare quote", bad(3, `1,2"5,a`), CSVOptions{}, 3, 2, []string{`a double quote (") inside a cell that does not start with one`}},
		{"text after quote", bad(4, `1,"2"5,a`), CSVOptions{}, 4, 2, []string{"after the closing double quote"}},
		{"unclosed quote", bad(6, `1,2,"a`), CSVOptions{}, 6, 3, []string{"never closed"}},
		{"text after multi-line quote", "a,b,label\n1,\"2\n\"5,a\n", CSVOptions{}, 3, 2, []string{"after the closing double quote"}},
		{"label string without label option", header + twoClass, CSVOptions{Label: "none"}, 2, 3, []string{`"a" is not a number`}},
		{"workbook", "PK\x03\x04\x14\x00\x06\x00", CSVOptions{}, 0, 0, []string{"spreadsheet workbook", "export it as CSV"}},
		{"binary", "a,b\n\x00\x01\x02", CSVOptions{}, 0, 0, []string{"not a text file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ReadCSV(strings.NewReader(tc.in), tc.opt)
			if err == nil {
				t.Fatalf("no error; got %d×%d dataset", d.Len(), d.Dim())
			}
			var ce *CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *CSVError", err, err)
			}
			if ce.Line != tc.line || ce.Column != tc.col {
				t.Errorf("at line %d, column %d; want line %d, column %d: %v", ce.Line, ce.Column, tc.line, tc.col, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(ce.Msg, w) {
					t.Errorf("message %q does not contain %q", ce.Msg, w)
				}
			}
		})
	}
}

func TestReadCSVTooManyBytes(t *testing.T) {
	_, err := ReadCSV(endless{}, CSVOptions{})
	var ce *CSVError
	if !errors.As(err, &ce) || ce.Line != 0 || !strings.Contains(ce.Msg, "larger than 8 MiB") {
		t.Fatalf("got %v, want a file-size error", err)
	}
	// A file of exactly MaxCSVBytes is read: the limit is inclusive.
	body := bytes.Repeat([]byte("0,1\n"), MaxCSVBytes/4)
	if len(body) != MaxCSVBytes {
		t.Fatalf("test file has %d bytes", len(body))
	}
	_, err = ReadCSV(bytes.NewReader(body), CSVOptions{})
	if !errors.As(err, &ce) || !strings.Contains(ce.Msg, "more than 20000 data rows") {
		t.Fatalf("got %v, want the row limit, not the size limit", err)
	}
}

func TestReadCSVReaderError(t *testing.T) {
	_, err := ReadCSV(failingReader{}, CSVOptions{})
	var ce *CSVError
	if err == nil || errors.As(err, &ce) || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("got %v, want the reader's error", err)
	}
}

func TestCSVErrorString(t *testing.T) {
	for _, tc := range []struct {
		e    CSVError
		want string
	}{
		{CSVError{12, 3, "bad"}, "line 12, column 3: bad"},
		{CSVError{12, 0, "bad"}, "line 12: bad"},
		{CSVError{0, 0, "bad"}, "bad"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.e, got, tc.want)
		}
	}
}

// want describes the dataset a good file should give.
type want struct {
	n, dim     int
	x0         []float64 // the first row
	classes    []string  // nil: no labels
	labels     []int     // first labels, if not nil
	targets    []float64 // first targets; nil: no targets
	width, hgt int
}

func TestReadCSV(t *testing.T) {
	eight := func(f func(i int) string) string { return csvRows(8, f) }
	utf16le := func(s string) string {
		u := utf16.Encode([]rune(s))
		b := []byte{0xff, 0xfe}
		for _, c := range u {
			b = append(b, byte(c), byte(c>>8))
		}
		return string(b)
	}
	for _, tc := range []struct {
		name string
		in   string
		opt  CSVOptions
		want want
	}{
		{"header, auto label", "a,b,label\n" + twoClass, CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b"}, labels: []int{0, 1, 0}}},
		{"auto label is case-insensitive and anywhere", "Class,a,b\n" + eight(func(i int) string { return fmt.Sprintf("%c,%d,1", 'x'+i%3, i) }), CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 1}, classes: []string{"x", "y", "z"}, labels: []int{0, 1, 2, 0}}},
		{"auto label prefers class to y", "x,y,Class\n" + eight(func(i int) string { return fmt.Sprintf("%d,%d,%c", i, -i, 'a'+i%2) }), CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b"}}},
		{"auto label y", "x,y\n" + eight(func(i int) string { return fmt.Sprintf("%d,%d.5", i, -i) }), CSVOptions{},
			want{n: 8, dim: 1, x0: []float64{0}, targets: []float64{0.5, -1.5}}},
		{"auto label target", "a,TARGET\n" + eight(func(i int) string { return fmt.Sprintf("%d,%d", i, i%2) }), CSVOptions{},
			want{n: 8, dim: 1, x0: []float64{0}, classes: []string{"0", "1"}, labels: []int{0, 1}, targets: []float64{0, 1}}},
		{"no header, numbered label", twoClass, CSVOptions{Label: "3"},
			want{n: 8, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b"}, labels: []int{0, 1}}},
		{"numbered label first", eight(func(i int) string { return fmt.Sprintf("%d.5,%d,-1", i, 2*i) }), CSVOptions{Label: " 1 ", Header: "no"},
			want{n: 8, dim: 2, x0: []float64{0, -1}, targets: []float64{0.5, 1.5, 2.5}}},
		{"named label", "x,species,y\n" + eight(func(i int) string { return fmt.Sprintf("%d,%c,5", i, 'p'+i%2) }), CSVOptions{Label: "SPECIES"},
			want{n: 8, dim: 2, x0: []float64{0, 5}, classes: []string{"p", "q"}, labels: []int{0, 1}}},
		{"number beats header name", "2,1,x\n" + eight(func(i int) string { return fmt.Sprintf("%d,5,7", i) }), CSVOptions{Label: "1", Header: "yes"},
			want{n: 8, dim: 2, x0: []float64{5, 7}, classes: []string{"0", "1", "2", "3", "4", "5", "6", "7"}, targets: []float64{0, 1, 2}}},
		{"label none", "a,b,label\n" + eight(func(i int) string { return fmt.Sprintf("%d,2,%d", i, i%2) }), CSVOptions{Label: "none"},
			want{n: 8, dim: 3, x0: []float64{0, 2, 0}}},
		{"no header, no label", eight(func(i int) string { return fmt.Sprintf("%d,2", i) }), CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 2}}},
		{"header yes on numbers", "1,2\n" + eight(func(i int) string { return fmt.Sprintf("%d,2", i) }), CSVOptions{Header: "yes"},
			want{n: 8, dim: 2, x0: []float64{0, 2}}},
		{"header no keeps first row", "1,2\n" + eight(func(i int) string { return fmt.Sprintf("%d,2", i) }), CSVOptions{Header: "No"},
			want{n: 9, dim: 2, x0: []float64{1, 2}}},
		{"headerless string labels keep first row", "5.1,3.5,setosa\n" + twoClass, CSVOptions{Label: "3"},
			want{n: 9, dim: 2, x0: []float64{5.1, 3.5}, classes: []string{"a", "b", "setosa"}, labels: []int{2, 0, 1}}},
		{"label option marks a header", "1,2,species\n" + twoClass, CSVOptions{Label: "Species"},
			want{n: 8, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b"}}},
		{"numeric header names with label", "0,1,label\n" + twoClass, CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b"}}},
		{"string classes are sorted", "f,label\n" + eight(func(i int) string { return fmt.Sprintf("%d,%s", i, []string{"virginica", "setosa", "Zebra"}[i%3]) }), CSVOptions{},
			want{n: 8, dim: 1, x0: []float64{0}, classes: []string{"Zebra", "setosa", "virginica"}, labels: []int{2, 1, 0, 2}}},
		{"integer classes sorted numerically", "f,y\n" + eight(func(i int) string { return fmt.Sprintf("%d,%s", i, []string{"10", "2", "-1", "2.0"}[i%4]) }), CSVOptions{},
			want{n: 8, dim: 1, x0: []float64{0}, classes: []string{"-1", "2", "10"}, labels: []int{2, 1, 0, 1}, targets: []float64{10, 2, -1, 2}}},
		{"minus zero is zero", "f,y\n" + eight(func(i int) string { return fmt.Sprintf("%d,%s", i, []string{"-0", "0", "1"}[i%3]) }), CSVOptions{},
			want{n: 8, dim: 1, x0: []float64{0}, classes: []string{"0", "1"}, labels: []int{0, 0, 1}, targets: []float64{0, 0, 1}}},
		{"regression label", "f,target\n" + eight(func(i int) string { return fmt.Sprintf("%d,%g", i, float64(i)/4) }), CSVOptions{},
			want{n: 8, dim: 1, x0: []float64{0}, targets: []float64{0, 0.25, 0.5}}},
		{"many integers are regression", "f,y\n" + csvRows(60, func(i int) string { return fmt.Sprintf("1,%d", 100+i) }), CSVOptions{},
			want{n: 60, dim: 1, x0: []float64{1}, targets: []float64{100, 101}}},
		{"semicolon with decimal commas", "a;b;label\n" + eight(func(i int) string { return fmt.Sprintf("%d,5;-2;%c", i, 'a'+i%2) }), CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0.5, -2}, classes: []string{"a", "b"}}},
		{"tab", "a\tb\tlabel\n" + eight(func(i int) string { return fmt.Sprintf("%d\t1e-3\t%c", i, 'a'+i%2) }), CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 1e-3}, classes: []string{"a", "b"}}},
		{"BOM", "\ufeffa,b,label\n" + twoClass, CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b"}}},
		{"quoted cells", "\"a\",\"b, the second\",\"label\"\n" + eight(func(i int) string { return fmt.Sprintf(`"%d", " 2.5 ","cat, ""big"" %d"`, i, i%2) }), CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 2.5}, classes: []string{`cat, "big" 0`, `cat, "big" 1`}}},
		{"quoted cell over two lines", "a,b,label\n" + twoClass + "1,2,\"multi\nline\"\n", CSVOptions{},
			want{n: 9, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b", "multi\nline"}}},
		{"spaces and blank lines", "\n  a , b ,label\n\n" + strings.ReplaceAll(twoClass, ",", " ,\t") + "\n \n", CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b"}}},
		{"CRLF", strings.ReplaceAll("a,b,label\n"+twoClass, "\n", "\r\n"), CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b"}}},
		{"CR only", strings.ReplaceAll("a,b,label\n"+twoClass, "\n", "\r"), CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b"}}},
		{"trailing separators and empty rows", "a,b,label,,\n" + strings.ReplaceAll(twoClass, "\n", ",\n") + ",,,,\n", CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b"}}},
		{"empty header cell is a column", ",b,label\n" + twoClass, CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b"}}},
		{"image", "p0,p1,p2,p3,p4,p5,label\n" + eight(func(i int) string { return fmt.Sprintf("%d,0,0,0,0,255,%d", i, i%2) }),
			CSVOptions{Width: 3, Height: 2},
			want{n: 8, dim: 6, x0: []float64{0, 0, 0, 0, 0, 255}, classes: []string{"0", "1"}, targets: []float64{0, 1}, width: 3, hgt: 2}},
		{"UTF-16 tab text", utf16le("a\tb\tlabel\r\n" + strings.ReplaceAll(twoClass, ",", "\t")), CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 0}, classes: []string{"a", "b"}}},
		{"Windows-1252", "a,b,label\n" + eight(func(i int) string { return fmt.Sprintf("%d,1,%s", i, []string{"caf\xe9", "na\xefve"}[i%2]) }), CSVOptions{},
			want{n: 8, dim: 2, x0: []float64{0, 1}, classes: []string{"café", "naïve"}}},
		{"numbers in many forms", "a,b,c,d,label\n" + eight(func(i int) string { return fmt.Sprintf("+1.5e2,.5,-0,1e-400,%d", i%2) }), CSVOptions{},
			want{n: 8, dim: 4, x0: []float64{150, 0.5, 0, 0}, classes: []string{"0", "1"}, targets: []float64{0, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt
			opt.Name = "mine.csv"
			d, err := ReadCSV(strings.NewReader(tc.in), opt)
			if err != nil {
				t.Fatal(err)
			}
			w := tc.want
			if d.Len() != w.n || d.Dim() != w.dim {
				t.Fatalf("%d×%d, want %d×%d", d.Len(), d.Dim(), w.n, w.dim)
			}
			checkEqual(t, "row 0", d.X.Row(0), w.x0)
			if d.Name != "mine.csv" || d.Source != "uploaded file" || d.License != "" {
				t.Errorf("name %q, source %q, licence %q", d.Name, d.Source, d.License)
			}
			if d.Width != w.width || d.Height != w.hgt {
				t.Errorf("image %d×%d, want %d×%d", d.Width, d.Height, w.width, w.hgt)
			}
			if w.classes != nil {
				if !slices.Equal(d.ClassNames, w.classes) || d.Classes != len(w.classes) || len(d.Labels) != d.Len() {
					t.Errorf("classes %q (%d), %d labels; want %q", d.ClassNames, d.Classes, len(d.Labels), w.classes)
				}
				if w.labels != nil && !slices.Equal(d.Labels[:len(w.labels)], w.labels) {
					t.Errorf("labels start %v, want %v", d.Labels[:len(w.labels)], w.labels)
				}
			}
			if w.targets == nil {
				if d.Targets != nil {
					t.Errorf("targets %v, want none", d.Targets)
				}
			} else {
				if len(d.Targets) != d.Len() {
					t.Fatalf("%d targets for %d rows", len(d.Targets), d.Len())
				}
				checkEqual(t, "targets", d.Targets[:len(w.targets)], w.targets)
			}
			checkDataset(t, d)
		})
	}
}

// TestReadCSVLabelKinds pins which label columns become classes, targets or
// both, and the Supports that follows.
func TestReadCSVLabelKinds(t *testing.T) {
	for _, tc := range []struct {
		name        string
		label       func(i int) string
		classes     int
		regression  bool
		firstLabels []int
	}{
		{"strings", func(i int) string { return []string{"b", "a"}[i%2] }, 2, false, []int{1, 0}},
		{"two integers", func(i int) string { return fmt.Sprint(i % 2) }, 2, true, []int{0, 1}},
		{"50 integers", func(i int) string { return fmt.Sprint(i % 50) }, 50, true, []int{0, 1}},
		{"51 integers", func(i int) string { return fmt.Sprint(i % 51) }, 0, true, nil},
		{"fractions", func(i int) string { return fmt.Sprint(float64(i%2) + 0.5) }, 0, true, nil},
		{"huge whole numbers", func(i int) string { return fmt.Sprint(1e20 * float64(i%2+1)) }, 0, true, nil},
		{"numbers and text", func(i int) string { return []string{"1", "2", "many"}[i%3] }, 3, false, []int{0, 1, 2}},
		{"nan is text for a label", func(i int) string { return []string{"1", "nan"}[i%2] }, 2, false, []int{0, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := "x,label\n" + csvRows(100, func(i int) string { return fmt.Sprintf("%d,%s", i, tc.label(i)) })
			d, err := ReadCSV(strings.NewReader(in), CSVOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Classes != tc.classes || d.Supports(Classification) != (tc.classes > 0) || d.Supports(Regression) != tc.regression {
				t.Errorf("%d classes, classification %v, regression %v", d.Classes, d.Supports(Classification), d.Supports(Regression))
			}
			if tc.firstLabels != nil && !slices.Equal(d.Labels[:len(tc.firstLabels)], tc.firstLabels) {
				t.Errorf("labels start %v, want %v", d.Labels[:len(tc.firstLabels)], tc.firstLabels)
			}
			checkDataset(t, d)
		})
	}
}

// TestReadCSVDefaultSplit checks that a dataset read from a file works with
// the rest of the package, at the smallest size allowed.
func TestReadCSVDefaultSplit(t *testing.T) {
	d, err := ReadCSV(strings.NewReader("a,b,label\n"+twoClass), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "your data" {
		t.Errorf("default name %q", d.Name)
	}
	s := DefaultSplit(d)
	if len(s.Train) == 0 || len(s.Test) == 0 || len(s.Train)+len(s.Test) != MinCSVRows {
		t.Errorf("split %d/%d", len(s.Train), len(s.Test))
	}
	c := d.clone()
	if !sameFloats(c.X.Data, d.X.Data) || !slices.Equal(c.ClassNames, d.ClassNames) {
		t.Error("clone differs")
	}
}

// checkDataset fails t unless d is internally consistent: the invariants
// every successful ReadCSV must meet.
func checkDataset(t testing.TB, d *Dataset) {
	t.Helper()
	n := d.Len()
	if n < MinCSVRows || n > MaxCSVRows || d.Dim() < 1 || d.Dim() > MaxCSVColumns || len(d.X.Data) != n*d.Dim() {
		t.Fatalf("shape %d×%d with %d values", n, d.Dim(), len(d.X.Data))
	}
	for i, v := range d.X.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("X[%d] = %v", i, v)
		}
	}
	if d.Labels != nil {
		if len(d.Labels) != n || d.Classes < 2 || d.Classes > MaxCSVClasses || len(d.ClassNames) != d.Classes {
			t.Fatalf("%d labels for %d rows, %d classes, %d names", len(d.Labels), n, d.Classes, len(d.ClassNames))
		}
		seen := make([]bool, d.Classes)
		for _, l := range d.Labels {
			if l < 0 || l >= d.Classes {
				t.Fatalf("label %d outside [0, %d)", l, d.Classes)
			}
			seen[l] = true
		}
		if slices.Contains(seen, false) {
			t.Fatalf("a class has no example")
		}
		if !slices.IsSorted(d.ClassNames) && d.Targets == nil {
			t.Fatalf("class names %q not sorted", d.ClassNames)
		}
		if names := slices.Clone(d.ClassNames); len(slices.Compact(slices.Sorted(slices.Values(names)))) != d.Classes {
			t.Fatalf("duplicate class names %q", d.ClassNames)
		}
	} else if d.Classes != 0 || d.ClassNames != nil {
		t.Fatalf("no labels but %d classes", d.Classes)
	}
	if d.Targets != nil {
		if len(d.Targets) != n {
			t.Fatalf("%d targets for %d rows", len(d.Targets), n)
		}
		for i, v := range d.Targets {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("target %d = %v", i, v)
			}
		}
	}
	if d.IsImage() && d.Width*d.Height != d.Dim() {
		t.Fatalf("%d×%d image with %d features", d.Width, d.Height, d.Dim())
	}
}

func TestStandardize(t *testing.T) {
	// Column 0 varies, column 1 is constant on the training rows, column 2
	// holds values near the float64 limit.
	x := [][]float64{
		{1, 5, 1e308},
		{2, 5, -1e308},
		{3, 5, 1e308},
		{6, 5, -1e308},
		{100, -7, 0}, // test rows
		{-100, 9, 1.5e308},
	}
	train := []int{0, 1, 2, 3}
	d := &Dataset{X: tensor.FromRows(x)}
	mean, std := Standardize(d, train)
	checkClose(t, "mean", mean, []float64{3, 5, 0}, 1e-15)
	checkClose(t, "std", std, []float64{math.Sqrt(3.5), 1, 1e308}, 1e-15)
	for _, r := range train {
		if d.X.At(r, 1) != 0 {
			t.Errorf("constant column, row %d: %v, want exactly 0", r, d.X.At(r, 1))
		}
	}
	checkClose(t, "test row", d.X.Row(4), []float64{97 / math.Sqrt(3.5), -12, 0}, 1e-14)
	checkClose(t, "column 2", []float64{d.X.At(0, 2), d.X.At(1, 2), d.X.At(5, 2)}, []float64{1, -1, 1.5}, 1e-15)
	var sum, sq float64
	for _, r := range train {
		sum += d.X.At(r, 0)
		sq += d.X.At(r, 0) * d.X.At(r, 0)
	}
	if math.Abs(sum) > 1e-14 || math.Abs(sq/4-1) > 1e-14 {
		t.Errorf("standardised training column: sum %v, mean square %v", sum, sq/4)
	}

	// Test rows do not influence the statistics: change them wildly and
	// the training rows and returned statistics stay bit-identical.
	y := slices.Clone(x)
	y[4] = []float64{1e6, -1e6, 1}
	y[5] = []float64{-3, 1e-9, -1e300}
	e := &Dataset{X: tensor.FromRows(y)}
	mean2, std2 := Standardize(e, train)
	checkEqual(t, "mean with other test rows", mean2, mean)
	checkEqual(t, "std with other test rows", std2, std)
	for _, r := range train {
		checkEqual(t, fmt.Sprint("row ", r), e.X.Row(r), d.X.Row(r))
	}
}

func TestStandardizePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for empty rows")
		}
	}()
	Standardize(&Dataset{X: tensor.FromRows([][]float64{{1}})}, nil)
}

func BenchmarkReadCSV(b *testing.B) {
	// 20,000 rows of 64 pixels in 0..255 plus a label: the largest file of
	// the digits' shape, at about 3.8 MB.
	var buf bytes.Buffer
	for i := range MaxCSVRows {
		for j := range 64 {
			fmt.Fprintf(&buf, "%d,", (i*31+j*17)%256)
		}
		fmt.Fprintf(&buf, "%d\n", i%10)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d, err := ReadCSV(bytes.NewReader(data), CSVOptions{Label: "65", Width: 8, Height: 8})
		if err != nil || d.Len() != MaxCSVRows {
			b.Fatal(err)
		}
	}
}

// TestParseDecimal checks the fast path against strconv.ParseFloat, bit for
// bit, on hand-picked and random cells.
func TestParseDecimal(t *testing.T) {
	cells := []string{
		"0", "-0", "+0", "1", "255", "-1", "0.1", ".5", "5.", "-.5", "+3.25",
		"123456789012345", "0.00000000000001", "999999999999999", "1234567.89012345",
		"0000000000000001", "1.000000000000000", "9007199254740993",
	}
	rng := num.NewRNG(7, 0)
	for range 100000 {
		var b []byte
		if rng.IntN(2) == 0 {
			b = append(b, "+-"[rng.IntN(2)])
		}
		n := 1 + rng.IntN(17)
		dot := rng.IntN(n + 2)
		for k := range n {
			if k == dot {
				b = append(b, '.')
			}
			b = append(b, byte('0'+rng.IntN(10)))
		}
		cells = append(cells, string(b))
	}
	accepted := 0
	for _, s := range cells {
		want, err := strconv.ParseFloat(s, 64)
		got, ok := parseDecimal(s)
		if !ok {
			continue
		}
		accepted++
		if err != nil || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("parseDecimal(%q) = %v (%x), ParseFloat %v (%x), %v", s, got, math.Float64bits(got), want, math.Float64bits(want), err)
		}
	}
	if accepted < len(cells)/2 {
		t.Errorf("fast path took only %d of %d cells", accepted, len(cells))
	}
	for _, s := range []string{"", "-", ".", "+.", "1e3", "1.2.3", "0x10", "1_0", "nan", "1234567890123456", " 1"} {
		if _, ok := parseDecimal(s); ok {
			t.Errorf("parseDecimal(%q) accepted", s)
		}
	}
}

// TestReadCSVTextLabel checks the label a file gets when no column is
// named as one: its only column of text, or the last of several, said so
// in the dataset; otherwise the error points to the label option.
func TestReadCSVTextLabel(t *testing.T) {
	species := []string{"setosa", "versicolor", "virginica"}
	iris := "sepal_length,sepal_width,petal_length,petal_width,species\n" +
		csvRows(12, func(i int) string { return fmt.Sprintf("5.%d,3.%d,1.%d,0.%d,%s", i%10, i%7, i%5, i%3, species[i%3]) })
	for _, tc := range []struct {
		name, in   string
		column     string
		dim        int
		classes    []string
		wantErr    []string
		errLine    int
		errColumn  int
		wantGuess  bool
		labelsFrom int
	}{
		{name: "iris: the only text column", in: iris, column: `column 5 ("species")`, dim: 4, classes: species, wantGuess: true},
		{name: "no header, text last", in: csvRows(10, func(i int) string { return fmt.Sprintf("%d,%d,%s", i, i%3, species[i%3]) }),
			column: "column 3", dim: 2, classes: species, wantGuess: true},
		{name: "text in the middle, alone", in: "a,kind,b\n" + csvRows(9, func(i int) string { return fmt.Sprintf("%d,%s,2", i, species[i%2]) }),
			column: `column 2 ("kind")`, dim: 2, classes: species[:2], wantGuess: true},
		{name: "two text columns, the last is the label", in: "id,a,kind\n" + csvRows(9, func(i int) string { return fmt.Sprintf("p%d,%d,%s", i, i, species[i%2]) }),
			wantErr: []string{`"p0" is not a number`}, errLine: 2, errColumn: 1},
		{name: "two text columns, last numeric", in: "id,kind,a\n" + csvRows(9, func(i int) string { return fmt.Sprintf("p%d,%s,%d", i, species[i%2], i) }),
			wantErr: []string{`"p0" is not a number`, "give it as the label column (Reading options › Label column"}, errLine: 2, errColumn: 1},
		{name: "named label wins", in: "kind,a,label\n" + csvRows(9, func(i int) string { return fmt.Sprintf("%s,%d,%d", species[i%2], i, i%2) }),
			wantErr: []string{`"setosa" is not a number`}, errLine: 2, errColumn: 1},
		{name: "a guessed identifier column", in: "a,name\n" + csvRows(120, func(i int) string { return fmt.Sprintf("%d,n%d", i, i) }),
			wantErr: []string{"more than the 100 classes", `sslab took column 2 ("name") as the label because it holds text`}, errLine: 2, errColumn: 2},
		{name: "thousands separators are not text", in: "a,b\n" + csvRows(9, func(i int) string { return fmt.Sprintf(`%d,"1,%03d"`, i, i) }),
			wantErr: []string{`"1,000" is not a number`, "thousands"}, errLine: 2, errColumn: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ReadCSV(strings.NewReader(tc.in), CSVOptions{})
			if tc.wantErr != nil {
				var e *CSVError
				if !errors.As(err, &e) {
					t.Fatalf("error %v, want a CSVError", err)
				}
				for _, w := range tc.wantErr {
					if !strings.Contains(e.Msg, w) {
						t.Errorf("error %q lacks %q", e.Msg, w)
					}
				}
				if e.Line != tc.errLine || e.Column != tc.errColumn {
					t.Errorf("error at line %d, column %d, want %d, %d", e.Line, e.Column, tc.errLine, tc.errColumn)
				}
				if strings.Contains(tc.name, "last is the label") && strings.Contains(e.Msg, "give it as the label") {
					t.Errorf("a file with a label column got the pointer to the label option: %q", e.Msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.LabelColumn != tc.column || d.LabelGuessed != tc.wantGuess || d.Dim() != tc.dim || !slices.Equal(d.ClassNames, tc.classes) {
				t.Errorf("label %q guessed %v, dim %d, classes %v", d.LabelColumn, d.LabelGuessed, d.Dim(), d.ClassNames)
			}
			checkDataset(t, d)
		})
	}
}
