package data

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"sslab/ml/tensor"
)

// cancerCSV is scikit-learn's breast_cancer.csv, gzipped: a header line
// "569,30,malignant,benign" (examples, features, class names), then one
// tumour per line, 30 measurements followed by the class (0 malignant,
// 1 benign). See DATA.md for its origin, licence and checksums.
//
//go:embed breast_cancer.csv.gz
var cancerCSV []byte

const (
	cancerN   = 569
	cancerDim = 30
)

// cancerFeatures are scikit-learn's names of the 30 columns: ten
// measurements of the cell nuclei in a fine-needle aspirate image, each as
// the mean over the nuclei, its standard error, and the mean of the three
// largest ("worst").
var cancerFeatures = []string{
	"mean radius", "mean texture", "mean perimeter", "mean area", "mean smoothness",
	"mean compactness", "mean concavity", "mean concave points", "mean symmetry", "mean fractal dimension",
	"radius error", "texture error", "perimeter error", "area error", "smoothness error",
	"compactness error", "concavity error", "concave points error", "symmetry error", "fractal dimension error",
	"worst radius", "worst texture", "worst perimeter", "worst area", "worst smoothness",
	"worst compactness", "worst concavity", "worst concave points", "worst symmetry", "worst fractal dimension",
}

var cancerClasses = []string{"malignant", "benign"}

var (
	cancerOnce sync.Once
	cancerData *Dataset
	cancerErr  error
)

// BreastCancer returns the Wisconsin diagnostic breast cancer set: 569
// tumours, 30 measurements each in their own units (areas in the
// thousands, smoothness near 0.1: set std to standardise them), classes
// malignant (212) and benign (357). The embedded file is parsed once; each
// call returns a fresh copy.
func BreastCancer() (*Dataset, error) {
	cancerOnce.Do(func() { cancerData, cancerErr = parseCancer(cancerCSV) })
	if cancerErr != nil {
		return nil, cancerErr
	}
	return cancerData.clone(), nil
}

func parseCancer(gz []byte) (*Dataset, error) {
	const file = "breast_cancer.csv.gz"
	x := tensor.NewMat(cancerN, cancerDim)
	labels := make([]int, 0, cancerN)
	_, err := readTable(file, gz, ',', func(i int, f []string) error {
		if i == 0 {
			want := []string{strconv.Itoa(cancerN), strconv.Itoa(cancerDim), cancerClasses[0], cancerClasses[1]}
			if !slices.Equal(f, want) {
				return fmt.Errorf("header %q, want %q", f, want)
			}
			return nil
		}
		r := i - 1
		if r == cancerN {
			return fmt.Errorf("more than %d rows", cancerN)
		}
		if len(f) != cancerDim+1 {
			return fmt.Errorf("%d columns, want %d", len(f), cancerDim+1)
		}
		row := x.Row(r)
		for j := range cancerDim {
			v, err := parseFinite(f[j], cancerFeatures[j])
			if err != nil {
				return err
			}
			row[j] = v
		}
		l, err := strconv.Atoi(f[cancerDim])
		if err != nil || l < 0 || l >= len(cancerClasses) {
			return fmt.Errorf("class %q, want 0 (malignant) or 1 (benign)", f[cancerDim])
		}
		labels = append(labels, l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(labels) != cancerN {
		return nil, fmt.Errorf("data: %s: %d rows, want %d", file, len(labels), cancerN)
	}
	return &Dataset{
		Name:         "breast-cancer",
		X:            x,
		Labels:       labels,
		Classes:      len(cancerClasses),
		ClassNames:   append([]string(nil), cancerClasses...),
		FeatureNames: append([]string(nil), cancerFeatures...),
		Source:       "UCI Breast Cancer Wisconsin (Diagnostic) (W. H. Wolberg, W. N. Street, O. L. Mangasarian, 1995), as shipped by scikit-learn (load_breast_cancer)",
		License:      "CC BY 4.0",
	}, nil
}
