package data

import (
	"hash/fnv"
	"math"
	"testing"

	"sslab/ml/num"
)

// floatHash is FNV-1a over the bits of x.
func floatHash(x []float64) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, v := range x {
		u := math.Float64bits(v)
		for k := range b {
			b[k] = byte(u >> (8 * k))
		}
		h.Write(b[:])
	}
	return h.Sum64()
}

// TestPinnedBits pins the exact bits of generated data and augmented views.
// Running the tests under GOOS=js GOARCH=wasm checks that the browser build
// sees the same numbers as the native one; a failure after an intended
// change to a generator means updating the constants below.
func TestPinnedBits(t *testing.T) {
	var all []float64
	for _, name := range []string{"moons", "circles", "spirals", "blobs"} {
		d, _ := Load(name, 1)
		all = append(all, d.X.Data...)
		all = append(all, d.Targets...)
	}
	const wantToy = 0x905d6cd724698a0d
	if got := floatHash(all); got != wantToy {
		t.Errorf("toy sets hash %#x, want %#x", got, uint64(wantToy))
	}

	d, _ := Load("digits", 1)
	p := NewAugmentation(d, AugmentConfig{RotationDeg: 15, Scale: 0.15, Shift: 1, Dropout: 0.1, Cutout: 3, Noise: 0.05, Jitter: 0.01})
	views := make([]float64, 0, 50*d.Dim())
	view := make([]float64, d.Dim())
	g := num.NewRNG(0, 0)
	for i := 0; i < 50; i++ {
		g.Reset(1, num.Stream(0, uint64(i)))
		p.Apply(view, d.X.Row(i), g)
		views = append(views, view...)
	}
	const wantViews = 0x7f66deb6814f3b9b
	if got := floatHash(views); got != wantViews {
		t.Errorf("augmented digits hash %#x, want %#x", got, uint64(wantViews))
	}
}
