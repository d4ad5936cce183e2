package data

import (
	_ "embed"
	"fmt"
	"sync"

	"sslab/ml/tensor"
)

// diabetesX and diabetesY are scikit-learn's diabetes_data_raw.csv.gz and
// diabetes_target.csv.gz: the ten baseline variables of each patient,
// unscaled and separated by blanks, and the disease progression one year
// later, one patient a line in the same order. See DATA.md.
var (
	//go:embed diabetes_data_raw.csv.gz
	diabetesX []byte
	//go:embed diabetes_target.csv.gz
	diabetesY []byte
)

const (
	diabetesN   = 442
	diabetesDim = 10
)

// diabetesFeatures name the columns, with the abbreviations of Efron et al.
// (2004) that scikit-learn uses (age, sex, bmi, bp, s1…s6) in parentheses.
var diabetesFeatures = []string{
	"age (years)", "sex", "body mass index (bmi)", "average blood pressure (bp)",
	"total serum cholesterol (s1, tc)", "low-density lipoproteins (s2, ldl)",
	"high-density lipoproteins (s3, hdl)", "total cholesterol / HDL (s4, tch)",
	"log of serum triglycerides (s5, ltg)", "blood sugar level (s6, glu)",
}

var (
	diabetesOnce sync.Once
	diabetesData *Dataset
	diabetesErr  error
)

// Diabetes returns the diabetes set of Efron et al. (2004): 442 patients,
// ten baseline variables in their own units (age in years, sex coded 1 or
// 2, serum measurements: set std to standardise them), and as regression
// target a quantitative measure of disease progression one year after
// baseline (25 to 346). It has no classes. The embedded files are parsed
// once; each call returns a fresh copy.
func Diabetes() (*Dataset, error) {
	diabetesOnce.Do(func() { diabetesData, diabetesErr = parseDiabetes(diabetesX, diabetesY) })
	if diabetesErr != nil {
		return nil, diabetesErr
	}
	return diabetesData.clone(), nil
}

func parseDiabetes(xgz, ygz []byte) (*Dataset, error) {
	x := tensor.NewMat(diabetesN, diabetesDim)
	n, err := readTable("diabetes_data_raw.csv.gz", xgz, ' ', func(i int, f []string) error {
		if i == diabetesN {
			return fmt.Errorf("more than %d rows", diabetesN)
		}
		if len(f) != diabetesDim {
			return fmt.Errorf("%d columns, want %d", len(f), diabetesDim)
		}
		row := x.Row(i)
		for j := range diabetesDim {
			v, err := parseFinite(f[j], diabetesFeatures[j])
			if err != nil {
				return err
			}
			row[j] = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n != diabetesN {
		return nil, fmt.Errorf("data: diabetes_data_raw.csv.gz: %d rows, want %d", n, diabetesN)
	}
	targets := make([]float64, 0, diabetesN)
	_, err = readTable("diabetes_target.csv.gz", ygz, ' ', func(i int, f []string) error {
		if i == diabetesN {
			return fmt.Errorf("more than %d rows", diabetesN)
		}
		if len(f) != 1 {
			return fmt.Errorf("%d columns, want 1", len(f))
		}
		v, err := parseFinite(f[0], "disease progression")
		if err != nil {
			return err
		}
		targets = append(targets, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(targets) != diabetesN {
		return nil, fmt.Errorf("data: diabetes_target.csv.gz: %d rows, want %d", len(targets), diabetesN)
	}
	return &Dataset{
		Name:         "diabetes",
		X:            x,
		Targets:      targets,
		FeatureNames: append([]string(nil), diabetesFeatures...),
		Source:       "Diabetes data of B. Efron, T. Hastie, I. Johnstone, R. Tibshirani, Least Angle Regression (Annals of Statistics, 2004), unscaled, as shipped by scikit-learn (load_diabetes(scaled=False))",
		License:      "none stated by its authors; redistributed with scikit-learn (BSD-3-Clause)",
	}, nil
}
