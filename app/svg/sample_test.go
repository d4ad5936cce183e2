package svg

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// sampleCharts renders every chart with plausible sample data, keyed by a
// file name. Deterministic (fixed seeds).
func sampleCharts() map[string]string {
	rng := newRand()
	out := map[string]string{}

	// Training curves: loss every epoch, validation every 5th (NaN between),
	// a kNN accuracy with error bars.
	var ep, train, val, acc, accErr []float64
	for e := 1; e <= 100; e++ {
		x := float64(e)
		ep = append(ep, x)
		train = append(train, 2.3*math.Exp(-x/25)+0.3+0.05*rng.NormFloat64())
		if e%5 == 0 {
			val = append(val, 2.3*math.Exp(-x/30)+0.45+0.03*rng.NormFloat64())
		} else {
			val = append(val, math.NaN())
		}
		acc = append(acc, 1.4*(1-math.Exp(-x/20))+0.02*rng.NormFloat64())
		accErr = append(accErr, 0.08)
	}
	out["line_loss"] = LineChart([]Series{
		{Name: "train loss", X: ep, Y: train},
		{Name: "val loss", X: ep, Y: val, Dashed: true},
		{Name: "kNN top-1 (×, ± std)", X: ep, Y: acc, Err: accErr},
	}, Options{Title: "SimCLR pretraining — loss", XLabel: "epoch", YLabel: "loss", Legend: true})

	// Learning-rate sweep on a log axis with error bars.
	lrs := []float64{1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1}
	var a1, a2, e1 []float64
	for i, lr := range lrs {
		a1 = append(a1, 0.9-0.02*math.Pow(math.Log10(lr)+2.5, 2))
		a2 = append(a2, 0.85-0.03*math.Pow(math.Log10(lr)+2, 2))
		e1 = append(e1, 0.01+0.004*float64(i))
	}
	out["line_lr"] = LineChart([]Series{
		{Name: "linear probe", X: lrs, Y: a1, Err: e1},
		{Name: "fine-tune", X: lrs, Y: a2, Err: e1},
		{Name: "kNN", X: lrs, Y: []float64{0.7, 0.72, 0.74, 0.73, 0.7, 0.6, 0.4}},
		{Name: "random init", X: lrs, Y: []float64{0.3, 0.35, 0.41, 0.45, 0.42, 0.3, 0.11}, Dashed: true},
	}, Options{Title: "Accuracy vs learning rate", XLabel: "learning rate", YLabel: "accuracy", LogX: true, FixedY: true, YMin: 0, YMax: 1, Legend: true})
	out["line_empty"] = LineChart(nil, Options{Title: "Loss", XLabel: "step", YLabel: "loss", Legend: true})

	// Big step counts (k-suffix ticks) and many series.
	var steps []float64
	ys := make([][]float64, 6)
	for s := 0; s <= 20000; s += 20 {
		steps = append(steps, float64(s))
		for k := range ys {
			ys[k] = append(ys[k], (1+float64(k)*0.3)*math.Exp(-float64(s)/6000)+0.02*rng.NormFloat64())
		}
	}
	var many []Series
	for k, y := range ys {
		many = append(many, Series{Name: "method " + strconv.Itoa(k), X: steps, Y: y})
	}
	out["line_many"] = LineChart(many, Options{Title: "Six methods, 1000 steps each", XLabel: "step", YLabel: "loss", Legend: true})

	// Embedding: 10 clusters, 2000 points.
	xy, labels := clusters(rng, 2000, 10)
	digits := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	out["scatter_dots"] = Scatter(xy, labels, digits, Options{Title: "Embedding (PCA), epoch 12", XLabel: "PC 1", YLabel: "PC 2", Legend: true}, false)
	out["scatter_glyphs"] = Scatter(xy, labels, digits, Options{Title: "Embedding (PCA), digits as glyphs", XLabel: "PC 1", YLabel: "PC 2", Legend: true}, true)
	xy2, _ := clusters(rng, 300, 3)
	out["scatter_plain"] = Scatter(xy2, nil, nil, Options{Title: "Unlabelled embedding", XLabel: "t-SNE 1", YLabel: "t-SNE 2"}, false)
	names := []string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}
	out["scatter_names"] = Scatter(xy, labels, names, Options{Title: "CIFAR-10 classes", Legend: true}, true)

	// Heatmaps: a correlation matrix and a wide one.
	const d = 24
	corr := make([]float64, d*d)
	for i := range d {
		for j := range d {
			corr[i*d+j] = math.Cos(float64(i-j)/3) * math.Exp(-math.Abs(float64(i-j))/10)
		}
	}
	out["heatmap_corr"] = Heatmap(corr, d, d, Options{Title: "Feature correlation", XLabel: "dimension", YLabel: "dimension"}, -1, 1)
	wide := make([]float64, 8*64)
	for i := range wide {
		wide[i] = rng.NormFloat64() * 2
	}
	wide[5] = math.NaN()
	out["heatmap_wide"] = Heatmap(wide, 8, 64, Options{Title: "Embeddings of 8 samples", XLabel: "dimension", YLabel: "sample"}, 0, 0)

	// Image grid: pen-like synthetic digits.
	var imgs [][]float64
	var caps []string
	for i := range 16 {
		imgs = append(imgs, penDigit(rng, i%10))
		caps = append(caps, "pred "+strconv.Itoa(i%10)+" ("+strconv.Itoa((i*7)%10)+")")
	}
	out["images"] = ImageGrid(imgs, 28, 28, 8, caps, Options{Title: "Augmented views"})
	out["images_nocap"] = ImageGrid(imgs[:6], 28, 28, 3, nil, Options{})

	// Confusion matrix.
	cm := make([][]int, 10)
	for i := range cm {
		cm[i] = make([]int, 10)
		for j := range cm[i] {
			if i == j {
				cm[i][j] = 900 + rng.IntN(100)
			} else if rng.IntN(3) == 0 {
				cm[i][j] = rng.IntN(40)
			}
		}
	}
	out["confusion"] = Confusion(cm, digits, Options{Title: "Linear probe — confusion"})
	out["confusion_names"] = Confusion(cm, names, Options{Title: "CIFAR-10 confusion"})

	// Bars: per-dimension std (a collapse meter).
	std := make([]float64, 32)
	for i := range std {
		std[i] = math.Abs(0.8*math.Exp(-float64(i)/8) + 0.02*rng.NormFloat64())
	}
	var dimNames []string
	for i := range std {
		dimNames = append(dimNames, "dim "+strconv.Itoa(i))
	}
	out["bars_std"] = Bars(dimNames, std, Options{Title: "Per-dimension std (collapse meter)", XLabel: "std"})
	std128 := make([]float64, 128)
	for i := range std128 {
		std128[i] = 0.5*math.Exp(-float64(i)/30) - 0.05
	}
	out["bars_128"] = Bars(nil, std128, Options{Title: "128 dimensions", XLabel: "std", YLabel: "dimension"})

	// The same charts drawn at 320×240.
	s := func(title, x, y string) Options {
		return Options{Width: 320, Height: 240, Title: title, XLabel: x, YLabel: y, Legend: true}
	}
	out["s320_line"] = LineChart([]Series{
		{Name: "train loss", X: ep, Y: train},
		{Name: "val loss", X: ep, Y: val, Dashed: true},
		{Name: "kNN top-1", X: ep, Y: acc, Err: accErr},
	}, s("SimCLR pretraining — loss", "epoch", "loss"))
	out["s320_scatter"] = Scatter(xy, labels, digits, s("Embedding", "PC 1", "PC 2"), true)
	out["s320_heatmap"] = Heatmap(corr, d, d, s("Feature correlation", "dim", "dim"), -1, 1)
	out["s320_confusion"] = Confusion(cm, names, s("CIFAR-10 confusion", "", ""))
	out["s320_bars"] = Bars(dimNames, std, s("Per-dimension std", "std", ""))
	out["s320_images"] = ImageGrid(imgs, 28, 28, 8, caps, s("Augmented views", "", ""))
	return out
}

func newRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// clusters returns n points in k Gaussian clusters and their labels.
func clusters(rng *rand.Rand, n, k int) ([]float64, []int) {
	xy := make([]float64, 0, 2*n)
	labels := make([]int, 0, n)
	for i := range n {
		l := i % k
		a := 2 * math.Pi * float64(l) / float64(k)
		xy = append(xy, 6*math.Cos(a)+rng.NormFloat64()*1.3, 4*math.Sin(a)+rng.NormFloat64()*1.1)
		labels = append(labels, l)
	}
	return xy, labels
}

// penDigit draws a rough 28×28 pen stroke that looks vaguely like digit d.
func penDigit(rng *rand.Rand, d int) []float64 {
	img := make([]float64, 28*28)
	dot := func(x, y float64) {
		for py := range 28 {
			for px := range 28 {
				r := math.Hypot(float64(px)-x, float64(py)-y)
				if v := 1.2 - r/1.6; v > 0 {
					img[py*28+px] = math.Min(1, math.Max(img[py*28+px], v))
				}
			}
		}
	}
	jit := rng.Float64()
	for t := 0.0; t < 1; t += 0.01 {
		a := 2 * math.Pi * t
		var x, y float64
		switch d % 3 {
		case 0:
			x, y = 14+7*math.Cos(a), 14+10*math.Sin(a)
		case 1:
			x, y = 14+2*jit, 4+20*t
		default:
			x, y = 14+8*math.Cos(a*0.75), 10+5*math.Sin(a*0.75)+10*t
		}
		dot(x, y)
	}
	return img
}
