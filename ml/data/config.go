package data

import (
	"fmt"
	"math"
)

// AugmentConfig holds augmentation strengths; 0 turns one off.
type AugmentConfig struct {
	RotationDeg float64 // images: rotation uniform in ±RotationDeg degrees
	Scale       float64 // images: scale factor uniform in 1±Scale
	Shift       float64 // images: shift uniform in ±Shift pixels per axis
	Dropout     float64 // images: probability of zeroing each pixel
	Cutout      float64 // images: side in pixels (rounded) of a zeroed square
	Noise       float64 // standard deviation of added Gaussian noise
	Jitter      float64 // half-width of added uniform noise
	// Neighbours is the K of the neighbour view: each view starts from
	// one of the K training rows nearest to the example (see Neighbours);
	// 0 turns it off.
	Neighbours int
	// Hops is the length of the neighbour view's walk (1, or 0, for a
	// direct neighbour).
	Hops int
	// Corrupt is the probability of replacing each feature by the same
	// feature of a random example of Marginal (SCARF); see
	// FeatureCorruption.
	Corrupt float64
	// Marginal are the rows of the dataset that corruption draws
	// replacements from, and the neighbour view its neighbours: the
	// training split, never the test split. Needed when Corrupt > 0 or
	// Neighbours > 0; NewAugmentation keeps a copy.
	Marginal []int
}

// DefaultAugment returns the reference strengths for d: for images the
// digits setting (rotation 15°, scale 0.15, shift 1 px, dropout 0.1, noise
// 0.05); for points Gaussian noise of 0.1 in the sets' unit scale, a starting
// point rather than a tuned value.
func DefaultAugment(d *Dataset) AugmentConfig {
	if d.IsImage() {
		return AugmentConfig{RotationDeg: 15, Scale: 0.15, Shift: 1, Dropout: 0.1, Noise: 0.05}
	}
	return AugmentConfig{Noise: 0.1}
}

// NewAugmentation returns the pipeline c describes for d's examples. Every
// kind of data starts with the neighbour view (if Neighbours is set), then
// FeatureCorruption, both from c.Marginal's rows of d.X, so that a
// neighbour's or a corrupted feature still gets the noise below. Images then get, in order, a RandomAffine (if any of rotation,
// scale or shift is set), Cutout and PixelDropout; then all data get
// GaussianNoise and Jitter, the image strengths being ignored for other
// data. Strengths of 0 are skipped. It panics on negative strengths, a
// dropout or corruption probability above 1, a Scale of 1 or more, a
// Neighbours above MaxNeighbours or Hops above MaxHops, a Corrupt or Neighbours > 0 without
// Marginal rows.
func NewAugmentation(d *Dataset, c AugmentConfig) *Pipeline {
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"RotationDeg", c.RotationDeg}, {"Scale", c.Scale}, {"Shift", c.Shift},
		{"Dropout", c.Dropout}, {"Cutout", c.Cutout}, {"Noise", c.Noise}, {"Jitter", c.Jitter},
		{"Corrupt", c.Corrupt},
	} {
		if !(f.v >= 0) || math.IsInf(f.v, 1) {
			panic(fmt.Sprintf("data: augmentation %s = %v, want a finite value ≥ 0", f.name, f.v))
		}
	}
	if c.Dropout > 1 {
		panic(fmt.Sprintf("data: augmentation Dropout = %v, want a probability", c.Dropout))
	}
	if c.Scale >= 1 {
		panic(fmt.Sprintf("data: augmentation Scale = %v, want < 1 so the scale factor stays positive", c.Scale))
	}
	if c.Corrupt > 1 {
		panic(fmt.Sprintf("data: augmentation Corrupt = %v, want a probability", c.Corrupt))
	}
	if c.Neighbours < 0 || c.Neighbours > MaxNeighbours {
		panic(fmt.Sprintf("data: augmentation Neighbours = %d, want 0 (off) to %d", c.Neighbours, MaxNeighbours))
	}
	if c.Hops < 0 || c.Hops > MaxHops {
		panic(fmt.Sprintf("data: augmentation Hops = %d, want 0 to %d", c.Hops, MaxHops))
	}
	var augs []Augmentation
	if c.Neighbours != 0 {
		augs = append(augs, NewNeighbours(d.X, c.Marginal, c.Neighbours, max(c.Hops, 1)))
	}
	if c.Corrupt != 0 {
		augs = append(augs, NewFeatureCorruption(d.X, c.Marginal, c.Corrupt))
	}
	if d.IsImage() {
		w, h := d.Width, d.Height
		if c.RotationDeg != 0 || c.Scale != 0 || c.Shift != 0 {
			augs = append(augs, RandomAffine{Width: w, Height: h,
				MaxRotationDeg: c.RotationDeg, MaxScale: c.Scale, MaxShift: c.Shift})
		}
		if size := int(math.Round(c.Cutout)); size > 0 {
			augs = append(augs, Cutout{Width: w, Height: h, Size: size})
		}
		if c.Dropout != 0 {
			augs = append(augs, PixelDropout{P: c.Dropout})
		}
	}
	if c.Noise != 0 {
		augs = append(augs, GaussianNoise{Sigma: c.Noise})
	}
	if c.Jitter != 0 {
		augs = append(augs, Jitter{Max: c.Jitter})
	}
	return NewPipeline(augs...)
}
