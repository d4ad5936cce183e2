package shard

import (
	"fmt"

	"sslab/ml/train"
)

// What a helper sends back after a phase, and how the coordinator installs
// it: plain Go, the same on both sides.

// installUps installs on the coordinator what a helper's appendUps sent.
func installUps(p *train.Pretrainer, k, lo, hi int, last bool, src []float64) error {
	segs := hi - lo
	if last {
		segs++
	}
	if len(src) < segs {
		return fmt.Errorf("phase %d: the reply of shards [%d, %d) is truncated", k, lo, hi)
	}
	lens, data := src[:segs], src[segs:]
	take := func(i int) ([]float64, error) {
		n := int(lens[i])
		if n < 0 || n > len(data) {
			return nil, fmt.Errorf("phase %d: the reply of shards [%d, %d) is truncated", k, lo, hi)
		}
		seg := data[:n]
		data = data[n:]
		return seg, nil
	}
	for i := lo; i < hi; i++ {
		seg, err := take(i - lo)
		if err != nil {
			return err
		}
		if err := p.SetUp(k, i, seg); err != nil {
			return err
		}
	}
	if last {
		seg, err := take(segs - 1)
		if err != nil {
			return err
		}
		return p.SetGrads(lo, hi, seg)
	}
	return nil
}

// appendUps appends what a helper's block [lo, hi) produced in phase k:
// the length of each shard's rows (and of the block's gradient, after the
// last phase), then the rows and the gradient.
func appendUps(dst []float64, p *train.Pretrainer, k, lo, hi int, last bool) []float64 {
	head := len(dst)
	for i := lo; i < hi; i++ {
		dst = append(dst, 0)
	}
	if last {
		dst = append(dst, 0)
	}
	for i := lo; i < hi; i++ {
		before := len(dst)
		dst = p.AppendUp(dst, k, i)
		dst[head+i-lo] = float64(len(dst) - before)
	}
	if last {
		before := len(dst)
		dst = p.AppendGrads(dst, lo, hi)
		dst[head+hi-lo] = float64(len(dst) - before)
	}
	return dst
}
