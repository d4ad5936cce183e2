package shard

import (
	"fmt"

	"sslab/ml/nn"
	"sslab/ml/train"
)

// appendEncoder appends e as its layer count, sizes, activation and
// parameters; decodeEncoder reads one back.
func appendEncoder(dst []float64, e *train.Encoder) []float64 {
	if e.Text != nil {
		return train.AppendTextEncoder(dst, e)
	}
	dst = append(dst, float64(len(e.MLP.Sizes)))
	for _, s := range e.MLP.Sizes {
		dst = append(dst, float64(s))
	}
	dst = append(dst, float64(e.MLP.Act))
	return append(dst, e.Params...)
}

func decodeEncoder(src []float64) (*train.Encoder, []float64, error) {
	if len(src) > 0 && src[0] < 0 {
		return train.DecodeTextEncoder(src)
	}
	if len(src) < 1 || int(src[0]) < 2 || len(src) < 2+int(src[0]) {
		return nil, nil, fmt.Errorf("an encoder's description is truncated")
	}
	n := int(src[0])
	sizes := make([]int, n)
	for i := range sizes {
		sizes[i] = int(src[1+i])
	}
	act := nn.Activation(src[1+n])
	src = src[2+n:]
	params := 0
	for i := 0; i+1 < n; i++ {
		params += sizes[i]*sizes[i+1] + sizes[i+1]
	}
	if params > len(src) {
		return nil, nil, fmt.Errorf("an encoder's parameters are truncated")
	}
	e, err := train.NewEncoder(sizes, act, append([]float64(nil), src[:params]...))
	return e, src[params:], err
}
