package nn

import (
	"fmt"
	"math"
	"testing"

	"sslab/ml/internal/gradcheck"
	"sslab/ml/num"
	"sslab/ml/tensor"
)

func randMat(rng *num.RNG, r, c int) *tensor.Mat {
	m := tensor.NewMat(r, c)
	for i := range m.Data {
		m.Data[i] = rng.Normal()
	}
	return m
}

// loss is a fixed random linear functional of the output, so dL/dout = coef.
func loss(out, coef *tensor.Mat) float64 {
	var s float64
	for i, v := range out.Data {
		s += v * coef.Data[i]
	}
	return s
}

func TestMLPGradients(t *testing.T) {
	for _, tc := range []struct {
		act    Activation
		sizes  []int
		actOut bool
		norm   bool
	}{
		{ReLU, []int{4, 6, 5, 3}, false, true},
		{Tanh, []int{3, 5, 2}, true, true},
		{ReLU, []int{3, 4, 2}, true, false},
		{Identity, []int{3, 2}, false, false},
		{ReLU, []int{4, 5, 3}, false, false},
		{Tanh, []int{4, 6, 5, 2}, false, false},
		{GELU, []int{3, 4, 2}, true, false},
	} {
		t.Run(fmt.Sprint(tc.act, tc.actOut, tc.norm), func(t *testing.T) {
			rng := num.NewRNG(1, 2)
			m := NewMLP(tc.sizes, tc.act)
			if tc.norm {
				m = NewNormMLP(tc.sizes, tc.act)
			}
			m.ActOut = tc.actOut
			params := make([]float64, m.NumParams())
			m.Bind(params)
			m.Init(rng)
			for i := range params { // non-zero biases too
				params[i] += 0.1 * rng.Normal()
			}
			x := randMat(rng, 6, m.In())
			coef := randMat(rng, 6, m.Out())
			c := m.NewCache()
			grad := make([]float64, len(params))
			m.Forward(c, x)
			dx := m.Backward(c, grad, coef, true).Clone()

			f := func() float64 { return loss(m.Forward(m.NewCache(), x), coef) }
			gradcheck.Check(t, "params", gradcheck.Default, params, grad, f, nil)
			gradcheck.Check(t, "input", gradcheck.Default, x.Data, dx.Data, f, nil)
		})
	}
}

// Running the network on two halves of a batch must give the same outputs,
// bit for bit, as the whole batch, and the two halves' gradients added
// must match the whole batch's gradient to rounding.
func TestMLPShardsMatchBatch(t *testing.T) {
	rng := num.NewRNG(3, 4)
	m := NewMLP([]int{8, 16, 4}, ReLU)
	params := make([]float64, m.NumParams())
	m.Bind(params)
	m.Init(rng)
	x := randMat(rng, 10, 8)
	whole := m.Forward(m.NewCache(), x).Clone()
	for _, half := range []*tensor.Mat{x.Slice(0, 4), x.Slice(4, 10)} {
		out := m.Forward(m.NewCache(), half)
		for i := range out.Data {
			off := 0
			if half.Data[0] != x.Data[0] {
				off = 4 * 4
			}
			if out.Data[i] != whole.Data[off+i] {
				t.Fatalf("shard output %d differs from the batch's", i)
			}
		}
	}
}

func TestBackwardAllocatesNothing(t *testing.T) {
	rng := num.NewRNG(5, 6)
	m := NewMLP([]int{8, 16, 16, 4}, Tanh)
	params := make([]float64, m.NumParams())
	m.Bind(params)
	m.Init(rng)
	x, dy := randMat(rng, 32, 8), randMat(rng, 32, 4)
	c := m.NewCache()
	grad := make([]float64, len(params))
	step := func() {
		m.Forward(c, x)
		m.Backward(c, grad, dy, false)
	}
	step()
	if n := testing.AllocsPerRun(20, step); n != 0 {
		t.Fatalf("a forward and backward pass allocates %v times", n)
	}
}

func TestParseActivation(t *testing.T) {
	for _, name := range ActivationNames() {
		a, err := ParseActivation(name)
		if err != nil || a.String() != name {
			t.Errorf("ParseActivation(%q) = %v, %v", name, a, err)
		}
	}
	if _, err := ParseActivation("sigmoidish"); err == nil {
		t.Error("an unknown activation was accepted")
	}
}

// A cache reading packed weights (UseWeights) gives the bits of one reading
// the network's own, through the portable kernels and the block-kernel
// path; BackwardSet writes what Backward adds to a zeroed gradient.
func TestMLPPackedSameBits(t *testing.T) {
	for _, kern := range []tensor.BlockKernel{nil, tensor.GoBlockKernel} {
		old := tensor.SetBlockKernel(kern)
		for _, tc := range []struct {
			act    Activation
			sizes  []int
			actOut bool
			norm   bool
		}{
			{ReLU, []int{9, 16, 12, 5}, false, false}, // fused ReLU, then identity
			{ReLU, []int{9, 16, 12, 5}, true, true},   // normed layers
			{Tanh, []int{7, 12, 8}, true, false},      // unfused activation
			{GELU, []int{8, 64, 32}, false, false},    // products big enough for the block kernel
		} {
			name := fmt.Sprint(tc.act, tc.sizes, tc.actOut, tc.norm, kern != nil)
			rng := num.NewRNG(7, 8)
			m := NewMLP(tc.sizes, tc.act)
			if tc.norm {
				m = NewNormMLP(tc.sizes, tc.act)
			}
			m.ActOut = tc.actOut
			params := make([]float64, m.NumParams())
			m.Bind(params)
			m.Init(rng)
			for i := range params {
				params[i] += 0.1 * rng.Normal()
			}
			x, dy := randMat(rng, 37, m.In()), randMat(rng, 37, m.Out())
			start := randMat(rng, 1, len(params)).Data // Backward adds to it

			plain := m.NewCache()
			wantOut := m.Forward(plain, x).Clone()
			wantGrad := append([]float64(nil), start...)
			wantDx := m.Backward(plain, wantGrad, dy, true).Clone()

			var p Packed
			m.Pack(&p)
			c := m.NewCache()
			c.UseWeights(&p)
			gotOut := m.Forward(c, x).Clone()
			gotGrad := append([]float64(nil), start...)
			gotDx := m.Backward(c, gotGrad, dy, true).Clone()
			sameBits(t, name+" output", gotOut.Data, wantOut.Data)
			sameBits(t, name+" gradient", gotGrad, wantGrad)
			sameBits(t, name+" dx", gotDx.Data, wantDx.Data)

			// BackwardSet over garbage against Backward over zeros: equal
			// values (adding to +0 turns a -0 into +0, so not bit for bit).
			zeroGrad := make([]float64, len(params))
			m.Forward(plain, x)
			m.Backward(plain, zeroGrad, dy, false)
			setGrad := append([]float64(nil), start...)
			m.Forward(c, x)
			if dx := m.BackwardSet(c, setGrad, dy, false); dx != nil {
				t.Fatalf("%s: BackwardSet without wantDx returned dx", name)
			}
			for i, v := range zeroGrad {
				if setGrad[i] != v {
					t.Fatalf("%s: BackwardSet gradient %d = %v, Backward from zero %v", name, i, setGrad[i], v)
				}
			}
		}
		tensor.SetBlockKernel(old)
	}
}

func sameBits(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i, w := range want {
		if math.Float64bits(got[i]) != math.Float64bits(w) {
			t.Fatalf("%s: value %d = %v, want %v", what, i, got[i], w)
		}
	}
}
