package data

// Header heuristics: whether the first line is a header, which columns
// are phantoms of trailing separators, which column holds the labels.

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// autoLabelNames are the header names that make a column the label when
// CSVOptions.Label is empty, compared case-insensitively.
var autoLabelNames = []string{"label", "class", "target", "y"}

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

// isTextCell reports whether s is text, such as a class name: it has a
// letter and does not parse as a number (NaN, Inf and 1e999 are numbers
// spelt out, "1,234" a number with a separator, none of them text).
func isTextCell(s string, sep rune) bool {
	if s == "" || isNumber(s, sep) || !strings.ContainsFunc(s, unicode.IsLetter) {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return errors.Is(err, strconv.ErrSyntax)
}

// labelName names the label column for messages: its header cell, or its
// number.
func (p *csvParser) labelName() string {
	if p.hasHeader && p.label < len(p.names) && p.names[p.label] != "" {
		return fmt.Sprintf("column %d (%q)", p.label+1, truncate(p.names[p.label]))
	}
	return fmt.Sprintf("column %d", p.label+1)
}

// chooseLabel sets p.label from the Label option; firstRow is the first
// data row (nil if none), whose text cells propose a label column when no
// column is named as one.
func (p *csvParser) chooseLabel(firstRow []string) error {
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
		// Features are numbers, so a column of text can only be the
		// label (iris.csv's species): the only one, or the last of
		// several (where labels usually are).
		var text []int
		for j, c := range firstRow[:min(len(firstRow), p.width)] {
			if isTextCell(c, p.sep) {
				text = append(text, j)
			}
		}
		switch {
		case len(text) == 1:
			p.label, p.labelGuessed = text[0], true
		case len(text) > 1 && text[len(text)-1] == p.width-1:
			p.label, p.labelGuessed = p.width-1, true
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
