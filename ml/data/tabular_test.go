package data

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestTabularFileChecksums(t *testing.T) {
	for _, tc := range []struct {
		file string
		data []byte
		want string
	}{
		{"breast_cancer.csv.gz", cancerCSV, "f77cd02db86b8f736d4aab442e9de4d817fa0d8ec52d185ea23518a223571e97"},
		{"diabetes_data_raw.csv.gz", diabetesX, "fc08fc59c1cbfe65550d9ebb36321d505de9e8f004bf92c1566d2908962f08ff"},
		{"diabetes_target.csv.gz", diabetesY, "bf1ddd1f9d377278450a5f02c24b5e77b1501f2ad673fe9fdf4c4090d27eb5cc"},
	} {
		if got := fmt.Sprintf("%x", sha256.Sum256(tc.data)); got != tc.want {
			t.Errorf("%s sha256 %s, want %s (update DATA.md if the file changed on purpose)", tc.file, got, tc.want)
		}
	}
	// The gzipped copy of breast_cancer.csv holds scikit-learn's file byte
	// for byte: DATA.md gives the checksum of both.
	zr, err := gzip.NewReader(bytes.NewReader(cancerCSV))
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	if _, err := csv.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	const want = "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed"
	if got := fmt.Sprintf("%x", sha256.Sum256(csv.Bytes())); got != want {
		t.Errorf("breast_cancer.csv sha256 %s, want scikit-learn's %s", got, want)
	}
}

func TestBreastCancer(t *testing.T) {
	d, err := Load("breast-cancer", 1)
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "breast-cancer" || d.Len() != 569 || d.Dim() != 30 || d.IsImage() {
		t.Fatalf("%s: %d×%d, image %v", d.Name, d.Len(), d.Dim(), d.IsImage())
	}
	if d.Classes != 2 || !slices.Equal(d.ClassNames, []string{"malignant", "benign"}) || len(d.Labels) != 569 || d.Targets != nil {
		t.Fatalf("classes %d %v, %d labels, targets %v", d.Classes, d.ClassNames, len(d.Labels), d.Targets != nil)
	}
	if !d.Supports(Classification) || d.Supports(Regression) {
		t.Error("breast-cancer should support classification only")
	}
	if len(d.FeatureNames) != 30 || d.FeatureNames[0] != "mean radius" || d.FeatureNames[29] != "worst fractal dimension" {
		t.Errorf("feature names %q", d.FeatureNames)
	}
	if !strings.Contains(d.Source, "Wisconsin") || d.License != "CC BY 4.0" {
		t.Errorf("source %q licence %q", d.Source, d.License)
	}
	count := [2]int{}
	for _, l := range d.Labels {
		count[l]++
	}
	if count != [2]int{212, 357} {
		t.Errorf("class counts %v, want 212 malignant, 357 benign", count)
	}
	// The first tumour of the file is malignant, mean radius 17.99, worst
	// fractal dimension 0.1189; the last is benign with mean area 181.
	if d.Labels[0] != 0 || d.X.At(0, 0) != 17.99 || d.X.At(0, 29) != 0.1189 {
		t.Errorf("first row: class %d, %v … %v", d.Labels[0], d.X.At(0, 0), d.X.At(0, 29))
	}
	if d.Labels[568] != 1 || d.X.At(568, 3) != 181 {
		t.Errorf("last row: class %d, mean area %v", d.Labels[568], d.X.At(568, 3))
	}
}

func TestDiabetes(t *testing.T) {
	d, err := Load("diabetes", 1)
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "diabetes" || d.Len() != 442 || d.Dim() != 10 || d.IsImage() {
		t.Fatalf("%s: %d×%d, image %v", d.Name, d.Len(), d.Dim(), d.IsImage())
	}
	if d.Labels != nil || d.Classes != 0 || len(d.Targets) != 442 {
		t.Fatalf("%d labels, %d classes, %d targets", len(d.Labels), d.Classes, len(d.Targets))
	}
	if d.Supports(Classification) || !d.Supports(Regression) {
		t.Error("diabetes should support regression only")
	}
	if len(d.FeatureNames) != 10 || !strings.HasPrefix(d.FeatureNames[0], "age") || !strings.Contains(d.FeatureNames[9], "s6") {
		t.Errorf("feature names %q", d.FeatureNames)
	}
	if !strings.Contains(d.Source, "Efron") || !strings.Contains(d.License, "BSD-3-Clause") {
		t.Errorf("source %q licence %q", d.Source, d.License)
	}
	// The first patient: 59 years, sex 2, bmi 32.1, …, glucose 87;
	// progression 151.
	want := []float64{59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87}
	checkEqual(t, "first row", d.X.Row(0), want)
	if d.Targets[0] != 151 {
		t.Errorf("first target %v, want 151", d.Targets[0])
	}
	lo, hi := slices.Min(d.Targets), slices.Max(d.Targets)
	if lo != 25 || hi != 346 {
		t.Errorf("targets in [%v, %v], want [25, 346]", lo, hi)
	}
	for i := range d.Len() {
		if s := d.X.At(i, 1); s != 1 && s != 2 {
			t.Fatalf("patient %d: sex %v, want 1 or 2", i, s)
		}
	}
}

// The tabular sets' default splits are fixed, stratified by class where
// there are classes, and pinned: a change would move every reported score.
func TestTabularDefaultSplit(t *testing.T) {
	for _, tc := range []struct {
		name        string
		train, test int
		testByClass []int
		hash        uint64
	}{
		// round(0.25·212) = 53 malignant, round(0.25·357) = 89 benign.
		{"breast-cancer", 427, 142, []int{53, 89}, 0x8b8b89ede1b6a79d},
		{"diabetes", 331, 111, nil, 0x947353c879dafe9},
	} {
		a, _ := Load(tc.name, 1)
		b, _ := Load(tc.name, 7)
		s := DefaultSplit(a)
		checkPartition(t, s, a.Len())
		if s2 := DefaultSplit(b); !slices.Equal(s.Train, s2.Train) || !slices.Equal(s.Test, s2.Test) {
			t.Errorf("%s: default split depends on the load seed or varies between calls", tc.name)
		}
		if len(s.Train) != tc.train || len(s.Test) != tc.test {
			t.Errorf("%s: train %d test %d, want %d and %d", tc.name, len(s.Train), len(s.Test), tc.train, tc.test)
		}
		if tc.testByClass != nil {
			got := make([]int, a.Classes)
			for _, i := range s.Test {
				got[a.Labels[i]]++
			}
			if !slices.Equal(got, tc.testByClass) {
				t.Errorf("%s: test examples per class %v, want %v", tc.name, got, tc.testByClass)
			}
		}
		if got := indexHash(s.Test); got != tc.hash {
			t.Errorf("%s: test indices hash %#x, want %#x", tc.name, got, tc.hash)
		}
	}
}

func TestTabularLoadReturnsCopies(t *testing.T) {
	for _, name := range []string{"breast-cancer", "diabetes"} {
		a, _ := Load(name, 1)
		a.X.Data[0] = 42
		a.FeatureNames[0] = "x"
		if a.Targets != nil {
			a.Targets[0] = 42
		}
		b, _ := Load(name, 1)
		if b.X.Data[0] == 42 || b.FeatureNames[0] == "x" || b.Targets != nil && b.Targets[0] == 42 {
			t.Errorf("%s: modifying a loaded dataset changed the cached one", name)
		}
	}
}

// gz compresses text, to feed the parsers broken files.
func gz(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A damaged embedded file is reported with the file, the record and what
// is wrong, never loaded half-read.
func TestTabularParseErrors(t *testing.T) {
	row := strings.Repeat("1,", 30)
	for _, tc := range []struct {
		name string
		err  error
		want []string
	}{
		{"not gzip", func() error { _, err := parseCancer([]byte("569,30")); return err }(), []string{"breast_cancer.csv.gz"}},
		{"header", func() error { _, err := parseCancer(gz(t, "569,30,benign,malignant\n")); return err }(),
			[]string{"record 1", "header"}},
		{"short", func() error { _, err := parseCancer(gz(t, "569,30,malignant,benign\n"+row+"0\n")); return err }(),
			[]string{"1 rows, want 569"}},
		{"class", func() error { _, err := parseCancer(gz(t, "569,30,malignant,benign\n"+row+"2\n")); return err }(),
			[]string{"record 2", `class "2"`}},
		{"nan", func() error {
			_, err := parseCancer(gz(t, "569,30,malignant,benign\nNaN,"+strings.Repeat("1,", 29)+"0\n"))
			return err
		}(), []string{"mean radius", `"NaN" is not a finite number`}},
		{"columns", func() error { _, err := parseDiabetes(gz(t, "1 2 3\n"), diabetesY); return err }(),
			[]string{"diabetes_data_raw.csv.gz record 1", "3 columns, want 10"}},
		{"target", func() error {
			_, err := parseDiabetes(diabetesX, gz(t, "151\nInf\n"))
			return err
		}(), []string{"diabetes_target.csv.gz record 2", "disease progression"}},
	} {
		if tc.err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(tc.err.Error(), w) {
				t.Errorf("%s: %q lacks %q", tc.name, tc.err, w)
			}
		}
	}
}
