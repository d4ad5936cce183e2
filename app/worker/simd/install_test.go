//go:build js

package simd

import (
	"fmt"
	"math"
	"os"
	"syscall/js"
	"testing"
	"time"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/tensor"
	"sslab/ml/train"
)

func TestMain(m *testing.M) {
	if err := Install(); err != nil {
		fmt.Println(err)
		os.Exit(1) // no test passes without the kernel
	}
	os.Exit(m.Run())
}

func fill(r, c int, seed uint64) *tensor.Mat {
	m := tensor.NewMat(r, c)
	x := seed | 1
	for i := range m.Data {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		u := float64(x>>11) / (1 << 53)
		m.Data[i] = (2*u - 1) * math.Exp2(float64(int(x%17)-8))
	}
	return m
}

func sameBits(t *testing.T, what string, got, want *tensor.Mat) {
	t.Helper()
	if got.Rows != want.Rows || got.Cols != want.Cols {
		t.Fatalf("%s: shape (%d,%d), want (%d,%d)", what, got.Rows, got.Cols, want.Rows, want.Cols)
	}
	for i, w := range want.Data {
		if g := got.Data[i]; math.Float64bits(g) != math.Float64bits(w) {
			t.Fatalf("%s: element %d = %v, want %v", what, i, g, w)
		}
	}
}

// products runs the three products of a (n,k), b (k,m), bt (m,k), at (k,n).
func products(a, b, bt, at *tensor.Mat) [3]*tensor.Mat {
	var out [3]*tensor.Mat
	for i := range out {
		out[i] = new(tensor.Mat)
	}
	tensor.MatMul(out[0], a, b)
	tensor.MatMulTransB(out[1], a, bt)
	tensor.MatMulTransA(out[2], at, b)
	return out
}

// TestSameBitsAsPortable: the SIMD kernel gives the portable kernels' bits,
// for the step's shapes and ragged ones (leftover rows and columns).
func TestSameBitsAsPortable(t *testing.T) {
	shapes := [][3]int{{64, 64, 256}, {64, 256, 128}, {64, 128, 128}, {64, 128, 64},
		{32, 64, 512}, {32, 512, 64}, {256, 64, 256}, {128, 64, 128},
		{4, 2048, 4}, {13, 64, 31}, {33, 17, 65}, {67, 101, 131}, {5, 999, 9}}
	for i, s := range shapes {
		n, k, m := s[0], s[1], s[2]
		seed := uint64(i) * 0x9e3779b97f4a7c15
		a, b, bt, at := fill(n, k, seed), fill(k, m, seed+1), fill(m, k, seed+2), fill(k, n, seed+3)
		got := products(a, b, bt, at)
		old := tensor.SetBlockKernel(nil)
		want := products(a, b, bt, at)
		tensor.SetBlockKernel(old)
		for j, op := range []string{"MatMul", "MatMulTransB", "MatMulTransA"} {
			sameBits(t, fmt.Sprintf("%s %v", op, s), got[j], want[j])
		}
	}
}

// TestSpecialValues: zeros of both signs, infinities and NaNs flow through
// as in the portable kernels.
func TestSpecialValues(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1, -1, math.Inf(1), math.Inf(-1), 1e308, -1e308, 5e-324}
	a, b := fill(8, 64, 1), fill(64, 8, 2)
	for i := range a.Data {
		if i%5 == 0 {
			a.Data[i] = vals[(i/5)%len(vals)]
		}
	}
	for i := range b.Data {
		if i%7 == 0 {
			b.Data[i] = vals[(i/7)%len(vals)]
		}
	}
	var got, want tensor.Mat
	tensor.MatMul(&got, a, b)
	old := tensor.SetBlockKernel(nil)
	tensor.MatMul(&want, a, b)
	tensor.SetBlockKernel(old)
	for i, w := range want.Data {
		g := got.Data[i]
		if math.Float64bits(g) != math.Float64bits(w) && !(g != g && w != w) {
			t.Fatalf("element %d = %v, want %v", i, g, w)
		}
	}
}

// TestPackedBiasSameBits: a packed operand, the bias and ReLU (NaN kept,
// -0 to +0) through the kernel give the portable path's bits.
func TestPackedBiasSameBits(t *testing.T) {
	for i, s := range [][3]int{{64, 64, 256}, {64, 256, 128}, {13, 64, 31}, {8, 5, 4}} {
		n, k, m := s[0], s[1], s[2]
		seed := uint64(i+1) * 0x2545f4914f6cdd1d
		a, w, bias := fill(n, k, seed), fill(k, m, seed+1), fill(1, m, seed+2).Data
		a.Data[0] = math.NaN()
		bias[m-1] = math.Copysign(0, -1)
		for r := 0; r < k; r++ {
			w.Data[r*m+m-1] = 0
		}
		run := func() (out [4]*tensor.Mat) {
			var p, pt tensor.PackedB
			p.Pack(w, false)
			wt := tensor.NewMat(m, k)
			for r := 0; r < k; r++ {
				for j := 0; j < m; j++ {
					wt.Set(j, r, w.At(r, j))
				}
			}
			pt.Pack(wt, true)
			for j := range out {
				out[j] = new(tensor.Mat)
			}
			tensor.MatMulPackedBias(out[0], a, &p, bias, true)
			tensor.MatMulPackedBias(out[1], a, &p, bias, false)
			tensor.MatMulPackedBias(out[2], a, &pt, nil, true)
			tensor.MatMulPacked(out[3], a, &pt)
			return out
		}
		got := run()
		old := tensor.SetBlockKernel(nil)
		want := run()
		tensor.SetBlockKernel(old)
		for j := range got {
			for e, wv := range want[j].Data {
				if g := got[j].Data[e]; math.Float64bits(g) != math.Float64bits(wv) && !(g != g && wv != wv) {
					t.Fatalf("%v case %d: element %d = %v, want %v", s, j, e, g, wv)
				}
			}
		}
	}
}

// TestStepsSameBits: whole pretraining steps with the kernel, serial and on
// two goroutines, end with the parameters of the portable kernels, for
// each method (their products and the loss's go through the kernel).
func TestStepsSameBits(t *testing.T) {
	for _, preset := range []string{"digits-simclr", "digits-byol", "digits-barlow", "digits-vicreg", "digits-mae"} {
		cfg, err := config.Preset(preset)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Epochs = 1
		ds, err := data.Load(cfg.Dataset, cfg.Seed)
		if err != nil {
			t.Fatal(err)
		}
		run := func(exec train.Executor) []float64 {
			p, err := train.NewPretrainer(cfg, ds, data.DefaultSplit(ds), exec)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 3; i++ {
				if _, err := p.Step(); err != nil {
					t.Fatal(err)
				}
			}
			return append([]float64(nil), p.Params()...)
		}
		simd := tensor.SetBlockKernel(nil)
		want := run(train.Serial{})
		calls := 0 // the kernel's, so that a product left to Go fails the test
		tensor.SetBlockKernel(func(b *tensor.Blocks) { calls++; simd(b) })
		for _, exec := range []train.Executor{train.Serial{}, train.Parallel{Workers: 2}} {
			calls = 0
			got := run(exec)
			if calls == 0 {
				t.Fatalf("%s %T: the kernel was never called", preset, exec)
			}
			for i, w := range want {
				if math.Float64bits(got[i]) != math.Float64bits(w) {
					t.Fatalf("%s %T: parameter %d = %v, portable %v", preset, exec, i, got[i], w)
				}
			}
		}
		tensor.SetBlockKernel(simd)
	}
}

// BenchmarkMatMul compares the step's products with and without the kernel.
func BenchmarkMatMul(b *testing.B) {
	for _, s := range [][3]int{{64, 64, 256}, {64, 256, 128}, {64, 128, 128}, {64, 128, 64}, {32, 64, 512}, {32, 512, 64}} {
		n, k, m := s[0], s[1], s[2]
		x, w, wt, xt := fill(n, k, 1), fill(k, m, 2), fill(m, k, 3), fill(k, n, 4)
		for _, simd := range []bool{false, true} {
			b.Run(fmt.Sprintf("%dx%dx%d/simd=%v", n, k, m, simd), func(b *testing.B) {
				if !simd {
					old := tensor.SetBlockKernel(nil)
					defer tensor.SetBlockKernel(old)
				}
				var d tensor.Mat
				report(b, 3*2*float64(n*k*m), func() {
					tensor.MatMul(&d, x, w)
					tensor.MatMulTransB(&d, x, wt)
					tensor.MatMulTransA(&d, xt, w)
				})
			})
		}
	}
}

// BenchmarkStep is ml/train's BenchmarkStep (SimCLR, batch 256, one thread)
// with and without the kernel.
func BenchmarkStep(b *testing.B) {
	for _, simd := range []bool{false, true} {
		b.Run(fmt.Sprintf("simclr-b256/simd=%v", simd), func(b *testing.B) {
			if !simd {
				old := tensor.SetBlockKernel(nil)
				defer tensor.SetBlockKernel(old)
			}
			cfg, err := config.Preset("digits-simclr")
			if err != nil {
				b.Fatal(err)
			}
			cfg.Encoder, cfg.Projector, cfg.Batch, cfg.Temperature = []int{256, 128}, []int{128, 64}, 256, 0.5
			cfg.Epochs = 1000
			ds, err := data.Load(cfg.Dataset, cfg.Seed)
			if err != nil {
				b.Fatal(err)
			}
			p, err := train.NewPretrainer(cfg, ds, data.DefaultSplit(ds), train.Serial{})
			if err != nil {
				b.Fatal(err)
			}
			p.Step()
			flops, _ := p.FLOPs()
			report(b, float64(flops), func() {
				if _, err := p.Step(); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// bestSpan is the shortest stretch of runs report times as one: a browser
// that is not cross-origin isolated reads its clock in steps of 0.1 ms,
// longer than one small product, which alone could time at zero.
const bestSpan = 2 * time.Millisecond

// report runs f b.N times and reports GFLOP/s by the mean wall time, by the
// fastest stretch of runs (the machine is shared: the fastest is the least
// disturbed; a stretch lasts at least bestSpan, and if none did, as when
// b.N is small, there is no such figure) and, where the host tells it
// (node), by CPU time.
func report(b *testing.B, flops float64, f func()) {
	b.ResetTimer()
	best := math.Inf(1)
	cpu0 := cpuSeconds()
	start := time.Now()
	for i := 0; i < b.N; {
		t0, n := time.Now(), 0
		for ; i < b.N && (n == 0 || time.Since(t0) < bestSpan); i, n = i+1, n+1 {
			f()
		}
		if d := time.Since(t0); d >= bestSpan {
			best = min(best, d.Seconds()/float64(n))
		}
	}
	sec := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(flops/sec/1e9, "GFLOP/s")
	if !math.IsInf(best, 1) {
		b.ReportMetric(flops/best/1e9, "best-GFLOP/s")
	}
	if cpu0 >= 0 {
		b.ReportMetric(flops*float64(b.N)/(cpuSeconds()-cpu0)/1e9, "GFLOP/cpu-s")
	}
}

// cpuSeconds is the CPU time used so far where the host tells it (node's
// process.cpuUsage), else -1.
func cpuSeconds() float64 {
	p := js.Global().Get("process")
	if p.Type() != js.TypeObject || p.Get("cpuUsage").Type() != js.TypeFunction {
		return -1
	}
	u := p.Call("cpuUsage")
	return (u.Get("user").Float() + u.Get("system").Float()) / 1e6
}
