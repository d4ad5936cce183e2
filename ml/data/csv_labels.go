package data

// Turning the label column into classes or a regression target.

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

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
