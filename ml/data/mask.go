package data

import "sslab/ml/num"

// RandomMask fills mask for masked autoencoding: 1 where an entry is hidden,
// independently with probability p, 0 where it is visible. At least one
// entry is hidden (when mask is not empty), since a reconstruction loss over
// no hidden entries would be undefined. It does not allocate.
func RandomMask(mask []float64, p float64, rng *num.RNG) {
	hidden := false
	for i := range mask {
		if rng.Float64() < p {
			mask[i] = 1
			hidden = true
		} else {
			mask[i] = 0
		}
	}
	if !hidden && len(mask) > 0 {
		mask[rng.IntN(len(mask))] = 1
	}
}

// ApplyMask sets dst to src with the hidden entries (mask 1) replaced by
// fill. dst may be src.
func ApplyMask(dst, src, mask []float64, fill float64) {
	for i, v := range src {
		if mask[i] != 0 {
			v = fill
		}
		dst[i] = v
	}
}
