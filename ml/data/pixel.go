package data

import (
	"fmt"

	"sslab/ml/num"
)

// The augmentations in this file act on each value independently, so unlike
// RandomAffine they allow dst and src to be the same slice.

// PixelDropout zeroes each value independently with probability P. Unlike
// dropout in a network it does not rescale the survivors: a digit with
// missing ink is still a plausible image. It draws one uniform number per
// value.
type PixelDropout struct {
	P float64
}

// Apply implements Augmentation.
func (p PixelDropout) Apply(dst, src []float64, rng *num.RNG) {
	for i, v := range src {
		if rng.Float64() < p.P {
			v = 0
		}
		dst[i] = v
	}
}

func (p PixelDropout) String() string { return fmt.Sprintf("PixelDropout(p=%g)", p.P) }

// Cutout zeroes a Size×Size square of a Width×Height image, centred on a
// uniformly chosen pixel and clipped at the border (DeVries and Taylor,
// 2017), so that pixels near the edge are as likely to be hidden as central
// ones would be under a shifted square. It draws two integers per call.
type Cutout struct {
	Width, Height, Size int
}

// Apply implements Augmentation.
func (c Cutout) Apply(dst, src []float64, rng *num.RNG) {
	copy(dst, src)
	cx, cy := rng.IntN(c.Width), rng.IntN(c.Height)
	x0, y0 := max(0, cx-c.Size/2), max(0, cy-c.Size/2)
	x1, y1 := min(c.Width, cx-c.Size/2+c.Size), min(c.Height, cy-c.Size/2+c.Size)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			dst[y*c.Width+x] = 0
		}
	}
}

func (c Cutout) String() string {
	return fmt.Sprintf("Cutout(%dx%d, size %d)", c.Width, c.Height, c.Size)
}

// GaussianNoise adds independent N(0, Sigma²) noise to each value, without
// clipping. It draws one normal number per value.
type GaussianNoise struct {
	Sigma float64
}

// Apply implements Augmentation.
func (g GaussianNoise) Apply(dst, src []float64, rng *num.RNG) {
	for i, v := range src {
		dst[i] = v + g.Sigma*rng.Normal()
	}
}

func (g GaussianNoise) String() string { return fmt.Sprintf("GaussianNoise(σ=%g)", g.Sigma) }

// Jitter adds independent noise uniform in ±Max to each value (each
// coordinate of a 2-D point). It draws one uniform number per value.
type Jitter struct {
	Max float64
}

// Apply implements Augmentation.
func (j Jitter) Apply(dst, src []float64, rng *num.RNG) {
	for i, v := range src {
		dst[i] = v + rng.Uniform(-j.Max, j.Max)
	}
}

func (j Jitter) String() string { return fmt.Sprintf("Jitter(±%g)", j.Max) }
