package data

import (
	"math"
	"strings"
	"testing"

	"sslab/ml/num"
)

// digit returns the first digits image, a realistic input with zeros at the
// border and ink in the middle.
func digit(t *testing.T) []float64 {
	t.Helper()
	d, err := Load("digits", 0)
	if err != nil {
		t.Fatal(err)
	}
	return d.X.Row(0)
}

// ramp returns a w×h image with pixel (x, y) = 1 + y*w + x, so that every
// pixel is distinct and non-zero.
func ramp(w, h int) []float64 {
	im := make([]float64, w*h)
	for i := range im {
		im[i] = float64(i + 1)
	}
	return im
}

func TestAugmentationsIdentityAtZeroStrength(t *testing.T) {
	src := digit(t)
	for _, a := range []Augmentation{
		RandomAffine{Width: 8, Height: 8},
		PixelDropout{},
		Cutout{Width: 8, Height: 8},
		GaussianNoise{},
		Jitter{},
		NewPipeline(),
		NewAugmentation(&Dataset{X: nil, Width: 8, Height: 8}, AugmentConfig{}),
	} {
		dst := make([]float64, len(src))
		a.Apply(dst, src, num.NewRNG(1, 2))
		checkEqual(t, a.String(), dst, src)
	}
}

func TestAugmentationsReproducible(t *testing.T) {
	src := digit(t)
	for _, a := range []Augmentation{
		RandomAffine{Width: 8, Height: 8, MaxRotationDeg: 15, MaxScale: 0.15, MaxShift: 1},
		PixelDropout{P: 0.2},
		Cutout{Width: 8, Height: 8, Size: 3},
		GaussianNoise{Sigma: 0.1},
		Jitter{Max: 0.1},
		NewAugmentation(&Dataset{Width: 8, Height: 8}, AugmentConfig{RotationDeg: 15, Scale: 0.15, Shift: 1, Dropout: 0.1, Cutout: 3, Noise: 0.05, Jitter: 0.01}),
	} {
		x, y, z := make([]float64, 64), make([]float64, 64), make([]float64, 64)
		a.Apply(x, src, num.NewRNG(1, num.Stream(3, 4)))
		a.Apply(y, src, num.NewRNG(1, num.Stream(3, 4)))
		checkEqual(t, a.String()+" same stream", y, x)
		// Cutout may land on blank border pixels and leave the image
		// unchanged, so compare several streams.
		differs := false
		for s := uint64(0); s < 5 && !differs; s++ {
			a.Apply(z, src, num.NewRNG(1, num.Stream(3, 5+s)))
			differs = !sameFloats(x, z)
		}
		if !differs {
			t.Errorf("%s: different streams gave the same view", a)
		}
		if sameFloats(x, src) {
			t.Errorf("%s left the image unchanged", a)
		}
	}
}

func TestWarpRotation(t *testing.T) {
	// Turning counter-clockwise as displayed by 90° sends the top-right
	// corner to the top-left: out(x, y) = in(w-1-y, x). The sample points
	// are integer up to the rounding of cos(π/2) ≈ 6e-17, so bilinear
	// sampling reproduces the pixels to within rounding.
	for _, w := range []int{4, 5} {
		src, dst := ramp(w, w), make([]float64, w*w)
		want := make([]float64, w*w)
		for y := 0; y < w; y++ {
			for x := 0; x < w; x++ {
				want[y*w+x] = src[x*w+(w-1-y)]
			}
		}
		Warp(dst, src, w, w, 90, 1, 0, 0)
		checkClose(t, "rotate 90", dst, want, 1e-12)

		// -90° undoes it, 180° reverses the pixel order.
		back := make([]float64, w*w)
		Warp(back, dst, w, w, -90, 1, 0, 0)
		checkClose(t, "rotate back", back, src, 1e-12)
		Warp(dst, src, w, w, 180, 1, 0, 0)
		for i := range want {
			want[i] = src[len(src)-1-i]
		}
		checkClose(t, "rotate 180", dst, want, 1e-12)
	}
}

func TestWarpShiftAndScale(t *testing.T) {
	const w, h = 4, 3
	src, dst := ramp(w, h), make([]float64, w*h)
	for _, tc := range []struct {
		name   string
		dx, dy float64
		want   func(x, y int) float64
	}{
		{"right 1", 1, 0, func(x, y int) float64 { return pixel(src, w, h, x-1, y) }},
		{"down 1", 0, 1, func(x, y int) float64 { return pixel(src, w, h, x, y-1) }},
		{"left 2 up 1", -2, -1, func(x, y int) float64 { return pixel(src, w, h, x+2, y+1) }},
		{"right half", 0.5, 0, func(x, y int) float64 {
			return 0.5*pixel(src, w, h, x-1, y) + 0.5*pixel(src, w, h, x, y)
		}},
	} {
		want := make([]float64, w*h)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				want[y*w+x] = tc.want(x, y)
			}
		}
		Warp(dst, src, w, h, 0, 1, tc.dx, tc.dy)
		checkEqual(t, tc.name, dst, want)
	}

	// Scaling by 2 about the centre of a 3×3 image leaves the centre pixel
	// and halves the distance to each sample: corner (0,0) reads (0.5,0.5).
	src = []float64{0, 0, 0, 0, 4, 0, 0, 0, 0}
	dst = make([]float64, 9)
	Warp(dst, src, 3, 3, 0, 2, 0, 0)
	checkEqual(t, "zoom 2", dst, []float64{1, 2, 1, 2, 4, 2, 1, 2, 1})
}

func TestPixelDropoutRate(t *testing.T) {
	const n, p = 20000, 0.3
	src, dst := make([]float64, n), make([]float64, n)
	for i := range src {
		src[i] = 1
	}
	PixelDropout{P: p}.Apply(dst, src, num.NewRNG(5, 0))
	zeros := 0
	for i, v := range dst {
		switch v {
		case 0:
			zeros++
		case 1:
		default:
			t.Fatalf("pixel %d = %v, want 0 or the source value", i, v)
		}
	}
	// Binomial standard deviation is sqrt(p(1-p)/n) ≈ 0.0032.
	if rate := float64(zeros) / n; math.Abs(rate-p) > 0.015 {
		t.Fatalf("dropout rate %v, want %v", rate, p)
	}
}

func TestCutoutSquare(t *testing.T) {
	src := make([]float64, 64)
	for i := range src {
		src[i] = 1
	}
	dst := make([]float64, 64)
	g := num.NewRNG(2, 0)
	for trial := 0; trial < 200; trial++ {
		Cutout{Width: 8, Height: 8, Size: 3}.Apply(dst, src, g)
		x0, y0, x1, y1, zeros := 8, 8, -1, -1, 0
		for i, v := range dst {
			if v == 0 {
				zeros++
				x, y := i%8, i/8
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
		// A 3×3 square clipped at the border: 4 to 9 pixels, forming a
		// full rectangle.
		if zeros < 4 || zeros > 9 || (x1-x0+1)*(y1-y0+1) != zeros {
			t.Fatalf("trial %d: %d zeros in box (%d,%d)-(%d,%d)", trial, zeros, x0, y0, x1, y1)
		}
	}
}

func TestNoiseMoments(t *testing.T) {
	const n = 20000
	src, dst := make([]float64, n), make([]float64, n)
	for _, tc := range []struct {
		a         Augmentation
		sd, bound float64
	}{
		{GaussianNoise{Sigma: 0.5}, 0.5, math.Inf(1)},
		{Jitter{Max: 0.3}, 0.3 / math.Sqrt(3), 0.3},
	} {
		tc.a.Apply(dst, src, num.NewRNG(9, 1))
		var s, s2 float64
		for _, v := range dst {
			if math.Abs(v) > tc.bound {
				t.Fatalf("%s: value %v beyond ±%v", tc.a, v, tc.bound)
			}
			s += v
			s2 += v * v
		}
		mean := s / n
		sd := math.Sqrt(s2/n - mean*mean)
		if math.Abs(mean) > 0.02 || !close(sd, tc.sd, 0.03) {
			t.Errorf("%s: mean %v sd %v, want 0 and %v", tc.a, mean, sd, tc.sd)
		}
	}
}

func TestRandomMask(t *testing.T) {
	m := make([]float64, 64)
	g := num.NewRNG(4, 0)
	for trial := 0; trial < 50; trial++ {
		RandomMask(m, 0, g)
		if hidden := sum(m); hidden != 1 {
			t.Fatalf("p=0 hid %v entries, want exactly 1", hidden)
		}
	}
	RandomMask(m, 1, g)
	if sum(m) != 64 {
		t.Fatalf("p=1 hid %v of 64", sum(m))
	}
	big := make([]float64, 20000)
	RandomMask(big, 0.75, g)
	if rate := sum(big) / 20000; math.Abs(rate-0.75) > 0.015 {
		t.Fatalf("mask rate %v, want 0.75", rate)
	}
	a, b := make([]float64, 64), make([]float64, 64)
	RandomMask(a, 0.5, num.NewRNG(1, 1))
	RandomMask(b, 0.5, num.NewRNG(1, 1))
	checkEqual(t, "mask", b, a)

	x := []float64{1, 2, 3}
	ApplyMask(x, x, []float64{0, 1, 0}, -1)
	checkEqual(t, "masked", x, []float64{1, -1, 3})
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

func TestPipelineChains(t *testing.T) {
	src := digit(t)
	affine := RandomAffine{Width: 8, Height: 8, MaxRotationDeg: 20, MaxScale: 0.1, MaxShift: 1}
	noise := GaussianNoise{Sigma: 0.1}
	drop := PixelDropout{P: 0.2}

	// By hand: each stage in turn on one stream.
	g := num.NewRNG(3, 3)
	t1, t2, want := make([]float64, 64), make([]float64, 64), make([]float64, 64)
	affine.Apply(t1, src, g)
	noise.Apply(t2, t1, g)
	drop.Apply(want, t2, g)

	p := NewPipeline(affine, nil, noise, drop)
	if p.Len() != 3 {
		t.Fatalf("Len %d, want 3 (nil dropped)", p.Len())
	}
	got := make([]float64, 64)
	p.Apply(got, src, num.NewRNG(3, 3))
	checkEqual(t, "pipeline", got, want)
	p.Clone().Apply(got, src, num.NewRNG(3, 3))
	checkEqual(t, "clone", got, want)

	// In place, including a single stage that could not run in place.
	inPlace := append([]float64(nil), src...)
	p.Apply(inPlace, inPlace, num.NewRNG(3, 3))
	checkEqual(t, "in place", inPlace, want)
	one := NewPipeline(affine)
	one.Apply(got, src, num.NewRNG(8, 8))
	inPlace = append(inPlace[:0], src...)
	one.Apply(inPlace, inPlace, num.NewRNG(8, 8))
	checkEqual(t, "single stage in place", inPlace, got)

	if s := p.String(); !strings.Contains(s, "RandomAffine") || !strings.Contains(s, "PixelDropout(p=0.2)") {
		t.Errorf("String() = %q", s)
	}
}

func TestNewAugmentation(t *testing.T) {
	digits, _ := Load("digits", 0)
	moons := Moons(10, 0.1, 0)
	for _, tc := range []struct {
		d    *Dataset
		c    AugmentConfig
		want []string
	}{
		{digits, DefaultAugment(digits), []string{"RandomAffine", "PixelDropout", "GaussianNoise"}},
		{digits, AugmentConfig{Shift: 1, Cutout: 2.6}, []string{"RandomAffine", "Cutout(8x8, size 3)"}},
		{digits, AugmentConfig{}, nil},
		{moons, AugmentConfig{RotationDeg: 10, Dropout: 0.5, Noise: 0.1, Jitter: 0.2}, []string{"GaussianNoise", "Jitter"}},
		{moons, DefaultAugment(moons), []string{"GaussianNoise"}},
	} {
		p := NewAugmentation(tc.d, tc.c)
		s := p.String()
		if p.Len() != len(tc.want) {
			t.Errorf("%s %+v: pipeline %q, want %d stages", tc.d.Name, tc.c, s, len(tc.want))
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(s, w) {
				t.Errorf("%s %+v: pipeline %q lacks %s", tc.d.Name, tc.c, s, w)
			}
		}
	}
}

func TestPipelineDoesNotAllocate(t *testing.T) {
	digits, _ := Load("digits", 0)
	moons := Moons(10, 0.1, 0)
	for _, tc := range []struct {
		d *Dataset
		c AugmentConfig
	}{
		{digits, AugmentConfig{RotationDeg: 15, Scale: 0.15, Shift: 1, Dropout: 0.1, Cutout: 3, Noise: 0.05, Jitter: 0.01}},
		{moons, AugmentConfig{Noise: 0.1, Jitter: 0.1}},
		{moons, AugmentConfig{Neighbours: 3, Hops: 5, Noise: 0.1, Marginal: []int{0, 1, 2, 3, 4, 5, 6}}},
	} {
		p := NewAugmentation(tc.d, tc.c)
		src := tc.d.X.Row(1)
		dst := make([]float64, len(src))
		mask := make([]float64, len(src))
		g := num.NewRNG(1, 1)
		allocs := testing.AllocsPerRun(100, func() {
			p.Apply(dst, src, g)
			p.ApplyRow(dst, src, 1, g)
			RandomMask(mask, 0.5, g)
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per call", p, allocs)
		}
	}
}
