package data

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestDigitsFileChecksum(t *testing.T) {
	const want = "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a"
	if got := fmt.Sprintf("%x", sha256.Sum256(digitsCSV)); got != want {
		t.Fatalf("digits.csv.gz sha256 %s, want %s (update DATA.md if the file changed on purpose)", got, want)
	}
}

func TestDigits(t *testing.T) {
	d, err := Load("digits", 1)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 1797 || d.Dim() != 64 || d.Width != 8 || d.Height != 8 || !d.IsImage() {
		t.Fatalf("digits: %d×%d, %d×%d image", d.Len(), d.Dim(), d.Width, d.Height)
	}
	if d.Classes != 10 || len(d.ClassNames) != 10 || len(d.Labels) != d.Len() || d.Targets != nil {
		t.Fatalf("digits: %d classes, %d names, %d labels", d.Classes, len(d.ClassNames), len(d.Labels))
	}
	if !d.Supports(Classification) || d.Supports(Regression) {
		t.Error("digits should support classification only")
	}
	if d.Source == "" || d.License != "CC BY 4.0" {
		t.Errorf("digits source %q licence %q", d.Source, d.License)
	}
	lo, hi := 1.0, 0.0
	for _, v := range d.X.Data {
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo != 0 || hi != 1 {
		t.Errorf("pixel range [%v, %v], want [0, 1]", lo, hi)
	}
	count := make([]int, 10)
	for _, l := range d.Labels {
		count[l]++
	}
	for c, n := range count {
		if n < 170 || n > 190 {
			t.Errorf("class %d has %d examples, want about 180", c, n)
		}
	}
	// The first row of the file is a 0 whose first three pixels are 0, 0, 5.
	if d.Labels[0] != 0 || d.X.At(0, 2) != 5.0/16 {
		t.Errorf("first example: label %d, pixel 2 = %v", d.Labels[0], d.X.At(0, 2))
	}
}

func TestLoadReturnsCopies(t *testing.T) {
	a, _ := Load("digits", 1)
	a.X.Data[0] = 42
	a.Labels[0] = 9
	b, _ := Load("digits", 2)
	if b.X.Data[0] == 42 || b.Labels[0] == 9 {
		t.Fatal("modifying a loaded dataset changed the cached one")
	}
}

func TestLoadAllNames(t *testing.T) {
	want := []string{"digits", "moons", "circles", "spirals", "blobs", "breast-cancer", "diabetes"}
	if got := Names(); !slices.Equal(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
	for _, name := range Names() {
		d, err := Load(name, 3)
		if err != nil {
			t.Fatalf("Load(%q): %v", name, err)
		}
		if d.Name != name || d.Len() == 0 || d.Source == "" || d.License == "" {
			t.Errorf("Load(%q): name %q, %d examples, source %q, licence %q", name, d.Name, d.Len(), d.Source, d.License)
		}
		// Every set has something to adapt to: labels for each example,
		// regression targets for each, or both.
		if d.Labels != nil && len(d.Labels) != d.Len() || d.Targets != nil && len(d.Targets) != d.Len() ||
			!d.Supports(Classification) && !d.Supports(Regression) {
			t.Errorf("Load(%q): %d examples, %d labels, %d targets", name, d.Len(), len(d.Labels), len(d.Targets))
		}
		if d.IsImage() && d.Width*d.Height != d.Dim() {
			t.Errorf("%s: %d×%d image with %d features", name, d.Width, d.Height, d.Dim())
		}
	}
}

func TestLoadUnknown(t *testing.T) {
	_, err := Load("mnist", 1)
	if err == nil {
		t.Fatal("Load(mnist) succeeded")
	}
	for _, name := range Names() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list %q", err, name)
		}
	}
}
