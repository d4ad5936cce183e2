package data

import (
	"math"
	"testing"
)

func TestToySets(t *testing.T) {
	for _, tc := range []struct {
		name    string
		classes int
		targets bool
	}{
		{"moons", 2, false},
		{"circles", 2, false},
		{"spirals", 3, true},
		{"blobs", 4, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := Load(tc.name, 1)
			b, _ := Load(tc.name, 1)
			c, _ := Load(tc.name, 2)
			if a.Len() != DefaultN || a.Dim() != 2 || a.IsImage() || a.Classes != tc.classes {
				t.Fatalf("%d×%d, %d classes", a.Len(), a.Dim(), a.Classes)
			}
			checkEqual(t, "same seed", b.X.Data, a.X.Data)
			if sameFloats(a.X.Data, c.X.Data) {
				t.Error("seeds 1 and 2 gave the same points")
			}
			// Classes balanced to within one example.
			count := make([]int, a.Classes)
			for _, l := range a.Labels {
				count[l]++
			}
			for k, n := range count {
				if n < DefaultN/a.Classes || n > DefaultN/a.Classes+1 {
					t.Errorf("class %d has %d examples", k, n)
				}
			}
			// Centred, unit root mean square.
			var mx, my, ss float64
			for i := 0; i < a.Len(); i++ {
				mx += a.X.At(i, 0)
				my += a.X.At(i, 1)
				ss += a.X.At(i, 0)*a.X.At(i, 0) + a.X.At(i, 1)*a.X.At(i, 1)
			}
			n := float64(a.Len())
			if math.Abs(mx/n) > 1e-12 || math.Abs(my/n) > 1e-12 || !close(ss/(2*n), 1, 1e-12) {
				t.Errorf("means (%v, %v), mean square %v", mx/n, my/n, ss/(2*n))
			}
			if tc.targets != (a.Targets != nil) || tc.targets != a.Supports(Regression) {
				t.Fatalf("targets present %v, want %v", a.Targets != nil, tc.targets)
			}
			for i, y := range a.Targets {
				if y < 0 || y > 1 {
					t.Fatalf("target %d = %v outside [0,1]", i, y)
				}
			}
		})
	}
}

// Labels and targets must match the geometry rather than being shuffled
// apart from it: circles separate by radius, and along a noiseless spiral
// arm the radius grows with the target.
func TestToyGeometry(t *testing.T) {
	c := Circles(400, CirclesNoise, 5)
	var rOut, rIn float64
	for i := 0; i < c.Len(); i++ {
		r := math.Hypot(c.X.At(i, 0), c.X.At(i, 1))
		if c.Labels[i] == 0 {
			rOut += r
		} else {
			rIn += r
		}
	}
	if rOut < 1.5*rIn {
		t.Errorf("outer circle mean radius sum %v not well above inner %v", rOut, rIn)
	}
	s := Spirals(600, 3, 0, 5)
	for i := 0; i < s.Len(); i++ {
		// Without noise, radius grows with the position along the arm.
		r := math.Hypot(s.X.At(i, 0), s.X.At(i, 1))
		for j := 0; j < i; j++ {
			if s.Targets[j] < s.Targets[i]-0.05 && math.Hypot(s.X.At(j, 0), s.X.At(j, 1)) > r {
				t.Fatalf("point %d further along its arm than %d but closer to the centre", i, j)
			}
		}
	}
}
