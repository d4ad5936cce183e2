package data

import (
	"fmt"
	"math"

	"sslab/ml/num"
)

// RandomAffine rotates, scales and shifts a Width×Height image about its
// centre: rotation uniform in ±MaxRotationDeg degrees, scale factor uniform
// in 1±MaxScale, shift uniform in ±MaxShift pixels along each axis. It
// resamples bilinearly, reading 0 outside the image. It draws four uniform
// numbers per call.
type RandomAffine struct {
	Width, Height                      int
	MaxRotationDeg, MaxScale, MaxShift float64
}

// Apply implements Augmentation. dst and src must not overlap.
func (a RandomAffine) Apply(dst, src []float64, rng *num.RNG) {
	rot := rng.Uniform(-a.MaxRotationDeg, a.MaxRotationDeg)
	scale := rng.Uniform(1-a.MaxScale, 1+a.MaxScale)
	dx := rng.Uniform(-a.MaxShift, a.MaxShift)
	dy := rng.Uniform(-a.MaxShift, a.MaxShift)
	Warp(dst, src, a.Width, a.Height, rot, scale, dx, dy)
}

func (a RandomAffine) String() string {
	return fmt.Sprintf("RandomAffine(%dx%d, rotation ±%g°, scale 1±%g, shift ±%g px)",
		a.Width, a.Height, a.MaxRotationDeg, a.MaxScale, a.MaxShift)
}

// Warp sets the width×height image dst to src rotated by rotationDeg
// degrees counter-clockwise as displayed (row 0 at the top), scaled by scale
// about the image centre, then shifted by shiftX pixels to the right and
// shiftY down. Each output pixel samples src bilinearly at the inverse image
// of its position, reading 0 outside src. With rotation 0, scale 1 and
// integer shifts every sample falls on a pixel and the result is exact.
// dst and src must not overlap.
func Warp(dst, src []float64, width, height int, rotationDeg, scale, shiftX, shiftY float64) {
	if len(src) != width*height || len(dst) != len(src) {
		panic(fmt.Sprintf("data: Warp of %dx%d image with len(src)=%d, len(dst)=%d",
			width, height, len(src), len(dst)))
	}
	sin, cos := math.Sincos(rotationDeg * (math.Pi / 180))
	// Forward map: out = c + t + scale·R·(in - c), R turning counter-
	// clockwise on screen. Each output pixel needs the inverse,
	// in = c + R⁻¹·(out - c - t)/scale, with R⁻¹(u, v) = (u cos - v sin,
	// u sin + v cos) in image coordinates (y down).
	inv := 1 / scale
	a11, a12 := cos*inv, -sin*inv
	a21, a22 := sin*inv, cos*inv
	cx, cy := float64(width-1)/2, float64(height-1)/2
	for y := 0; y < height; y++ {
		v := float64(y) - cy - shiftY
		row := dst[y*width : (y+1)*width]
		for x := range row {
			u := float64(x) - cx - shiftX
			row[x] = bilinear(src, width, height, cx+a11*u+a12*v, cy+a21*u+a22*v)
		}
	}
}

// bilinear samples the w×h image src at (sx, sy), treating pixels outside
// it as 0.
func bilinear(src []float64, w, h int, sx, sy float64) float64 {
	// Also rejects NaN, and keeps the int conversions below in range.
	if !(sx > -1 && sx < float64(w) && sy > -1 && sy < float64(h)) {
		return 0
	}
	fx0, fy0 := math.Floor(sx), math.Floor(sy)
	fx, fy := sx-fx0, sy-fy0
	x0, y0 := int(fx0), int(fy0)
	return (1-fy)*((1-fx)*pixel(src, w, h, x0, y0)+fx*pixel(src, w, h, x0+1, y0)) +
		fy*((1-fx)*pixel(src, w, h, x0, y0+1)+fx*pixel(src, w, h, x0+1, y0+1))
}

func pixel(src []float64, w, h, x, y int) float64 {
	if x < 0 || x >= w || y < 0 || y >= h {
		return 0
	}
	return src[y*w+x]
}
