package data

import "sslab/ml/tensor"

// Task is a kind of downstream evaluation a dataset supports.
type Task int

const (
	// Classification predicts Labels.
	Classification Task = iota
	// Regression predicts Targets.
	Regression
)

// String returns the task's name.
func (t Task) String() string {
	switch t {
	case Classification:
		return "classification"
	case Regression:
		return "regression"
	}
	return "unknown task"
}

// Dataset is a table of examples, one row of X each, with optional class
// labels and regression targets.
type Dataset struct {
	Name       string
	X          *tensor.Mat // (n, d) features; image pixels scaled to [0,1]
	Labels     []int       // class of each example in [0, Classes); nil if unlabeled
	Classes    int
	ClassNames []string
	// FeatureNames names the columns of X, for tables that have names
	// (breast-cancer, diabetes); nil for images and the toy sets.
	FeatureNames []string
	Targets      []float64 // continuous regression target per example; nil if none
	// Width and Height are > 0 for images, with Width*Height == Dim(); pixel
	// (x, y) is feature y*Width+x, row 0 at the top.
	Width, Height int
	// Text is set for a dataset of sentences: each row of X a sentence's
	// token ids (see Sentences). It is shared by clones: nothing modifies it.
	Text    *Sentences
	Source  string // where the data comes from
	License string // the data's licence
	// LabelColumn names a file's label column, as column N ("header
	// name"), "" without one; LabelGuessed says no column was named as
	// the label and ReadCSV took the column of text.
	LabelColumn  string
	LabelGuessed bool
}

// Len returns the number of examples.
func (d *Dataset) Len() int { return d.X.Rows }

// Dim returns the number of features per example.
func (d *Dataset) Dim() int { return d.X.Cols }

// IsImage reports whether the examples are Width×Height images.
func (d *Dataset) IsImage() bool { return d.Width > 0 && d.Height > 0 }

// Supports reports whether d carries what task t needs: labels for
// classification, targets for regression.
func (d *Dataset) Supports(t Task) bool {
	switch t {
	case Classification:
		return d.Labels != nil && d.Classes > 0
	case Regression:
		return d.Targets != nil
	}
	return false
}

// clone returns a deep copy of d, so that callers of Load may modify what
// they get without touching the cached original.
func (d *Dataset) clone() *Dataset {
	c := *d
	c.X = d.X.Clone()
	if d.Labels != nil {
		c.Labels = append([]int(nil), d.Labels...)
	}
	if d.ClassNames != nil {
		c.ClassNames = append([]string(nil), d.ClassNames...)
	}
	if d.FeatureNames != nil {
		c.FeatureNames = append([]string(nil), d.FeatureNames...)
	}
	if d.Targets != nil {
		c.Targets = append([]float64(nil), d.Targets...)
	}
	return &c
}
