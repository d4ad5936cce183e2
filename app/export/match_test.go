package export

import (
	"math"
	"slices"
	"strings"
	"testing"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/eval"
	"sslab/ml/num"
	"sslab/ml/objective"
	"sslab/ml/tensor"
	"sslab/ml/train"
)

// TestScriptMatchesSslab calls the exported program's pieces on inputs
// where sslab's Go code gives a definite answer, and compares:
//
//   - one full-batch pretraining step from sslab's own initial weights, with
//     no augmentation (a full batch makes the loss independent of sslab's
//     shuffle): the loss, the gradient norm and every parameter after the
//     optimiser step, for every objective, their switches, each activation
//     and both optimisers;
//   - the image warp, for fixed rotations, scales and shifts;
//   - the augmentations' distributions: the mean and second moment of every
//     feature over many views of one example, images (warp, cutout,
//     dropout, noise), tables (corruption, noise, jitter) and points (the
//     neighbour view's walk), and the mask;
//   - the adaptation's solvers and scores: logistic regression, ridge, kNN,
//     retrieval, Hungarian-matched cluster accuracy, k-means on separated
//     blobs, and the masked reconstruction loss with its gradient (masked
//     autoencoding's step draws its mask at random, so it has no step case).
func TestScriptMatchesSslab(t *testing.T) {
	py := python(t)
	in := map[string]any{}
	check := map[string]func(t *testing.T, got any){}
	type result = map[string]any

	// Pretraining steps.
	still := func(c *config.Config) {
		c.Rotation, c.Scale, c.Shift, c.Dropout, c.Noise = 0, 0, 0, 0, 0
		c.Batch = 1346 // every training example: the loss does not depend on their order
	}
	steps := []struct {
		name   string
		preset string
		edit   func(*config.Config)
	}{
		{"simclr", "digits-simclr", nil},
		{"simclr-no-negatives-sgd", "digits-simclr", func(c *config.Config) { c.Negatives, c.Optimizer, c.LR, c.WeightDecay = false, "sgd", 0.05, 0.01 }},
		{"simsiam-gelu", "digits-simsiam", func(c *config.Config) { c.Activation = "gelu" }},
		{"simsiam-no-stopgrad", "digits-simsiam", func(c *config.Config) { c.StopGrad = false }},
		{"simsiam-no-predictor", "digits-simsiam", func(c *config.Config) { c.Predictor = 0 }},
		{"byol", "digits-byol", func(c *config.Config) { c.WeightDecay = 1e-3 }},
		{"barlow-tanh", "digits-barlow", func(c *config.Config) { c.Activation = "tanh" }},
		{"vicreg", "digits-vicreg", nil},
	}
	for _, s := range steps {
		r := newRun(t, s.preset, func(c *config.Config) {
			still(c)
			if s.edit != nil {
				s.edit(c)
			}
		})
		p, err := train.NewPretrainer(r.Config, r.Dataset, r.Split, nil)
		if err != nil {
			t.Fatal(err)
		}
		initial := slices.Clone(p.Params())
		m, err := p.Step()
		if err != nil {
			t.Fatal(err)
		}
		after := slices.Clone(p.Params())
		lr := r.Config.LR
		name := "step-" + s.name
		in[name] = result{"script": script(t, r, Options{}), "params": initial}
		check[name] = func(t *testing.T, got any) {
			g := got.(result)
			if l := g["loss"].(float64); !within(l, m.Loss, 1e-10) {
				t.Errorf("loss %.15g, sslab %.15g", l, m.Loss)
			}
			if n := g["grad_norm"].(float64); !within(n, m.GradNorm, 1e-9) {
				t.Errorf("gradient norm %.15g, sslab %.15g", n, m.GradNorm)
			}
			ps := floats(g["params"])
			if len(ps) != len(after) {
				t.Fatalf("%d parameters, sslab %d", len(ps), len(after))
			}
			// Adam's first step is lr·g/(|g|+ε): for a gradient entry near ε
			// the rounding of g shows; a wrong gradient moves it by up to 2·lr.
			if d := maxDiff(ps, after); !(d <= 1e-5*lr) {
				t.Errorf("parameters after the step differ from sslab's by up to %g (%.2g of the learning rate)", d, d/lr)
			}
		}
	}

	// The warp.
	digits := newRun(t, "digits-simclr", nil)
	img := slices.Clone(digits.Dataset.X.Row(5))
	var warps []result
	var wantWarps [][]float64
	for _, w := range [][4]float64{{0, 1, 0, 0}, {15, 1.1, 0.5, -0.7}, {-30, 0.85, 1, 1}, {90, 1, 0, 0}, {7, 1.3, -2.5, 3}} {
		warps = append(warps, result{"img": img, "w": 8, "h": 8, "rot": w[0], "scale": w[1], "dx": w[2], "dy": w[3]})
		dst := make([]float64, 64)
		data.Warp(dst, img, 8, 8, w[0], w[1], w[2], w[3])
		wantWarps = append(wantWarps, dst)
	}
	digitsScript := script(t, digits, Options{})
	in["warp"] = result{"script": digitsScript, "cases": warps}
	check["warp"] = func(t *testing.T, got any) {
		for i, g := range got.([]any) {
			if d := maxDiff(floats(g), wantWarps[i]); !(d <= 1e-12) {
				t.Errorf("warp %d differs from data.Warp by up to %g", i, d)
			}
		}
	}

	// The augmentations' distributions.
	const views = 20000
	for _, a := range []struct {
		name   string
		preset string
		edit   func(*config.Config)
	}{
		{"augment-image", "digits-simclr", func(c *config.Config) { c.Cutout = 3 }},
		{"augment-table", "cancer-scarf", func(c *config.Config) { c.Noise, c.Jitter = 0.1, 0.2 }},
		{"augment-neighbours", "moons-simclr", func(c *config.Config) { c.Hops, c.Noise = 7, 0.05 }},
	} {
		r := newRun(t, a.preset, a.edit)
		cfg := train.AugmentConfig(r.Config)
		cfg.Marginal = r.Split.Train
		pipe := data.NewAugmentation(r.Dataset, cfg)
		src := r.Dataset.X.Row(5)
		d := len(src)
		samples := tensor.NewMat(views, d)
		rng := num.NewRNG(11, 1)
		for i := 0; i < views; i++ {
			pipe.Apply(samples.Row(i), src, rng)
		}
		want := moments(samples)
		in[a.name] = result{"script": script(t, r, Options{}), "row": 5, "n": views}
		check[a.name] = func(t *testing.T, got any) {
			g := got.(result)
			sameMoments(t, "view", floats(g["mean"]), floats(g["var"]), want.mean, want.vr, views)
			sameMoments(t, "squared view", floats(g["m2"]), floats(g["var2"]), want.m2, want.vr2, views)
		}
	}
	{
		const p = 0.25
		masks := tensor.NewMat(views, 64)
		rng := num.NewRNG(11, 2)
		for i := 0; i < views; i++ {
			data.RandomMask(masks.Row(i), p, rng)
		}
		want := moments(masks)
		in["mask"] = result{"script": digitsScript, "n": views, "d": 64, "p": p}
		check["mask"] = func(t *testing.T, got any) {
			g := got.(result)
			sameMoments(t, "mask", floats(g["mean"]), want.vr, want.mean, want.vr, views)
			if g["min_row"].(float64) < 1 {
				t.Errorf("a mask hides nothing")
			}
		}
	}

	// The adaptation's pieces, on the digits' pixels.
	x, split := digits.Dataset.X, digits.Split
	rows := func(idx []int) *tensor.Mat {
		m := new(tensor.Mat)
		m.Gather(x, idx)
		return m
	}
	labels := func(idx []int) []int {
		out := make([]int, len(idx))
		for i, r := range idx {
			out[i] = digits.Dataset.Labels[r]
		}
		return out
	}
	lab, test := split.Train[:300], split.Test[:100]
	{
		const lambda = 0.01
		m, res, err := eval.FitLogReg(rows(lab), labels(lab), 10, lambda, nil, eval.LBFGS{Memory: 10, MaxIter: 1000, GradTol: 1e-6})
		if err != nil || !res.Converged {
			t.Fatalf("sslab's logistic regression: %v, %+v", err, res)
		}
		want := m.Logits(rows(test))
		in["logreg"] = result{"script": digitsScript, "x": rows(lab).Data, "n": len(lab), "d": 64, "y": labels(lab),
			"classes": 10, "lambda": lambda, "test": rows(test).Data}
		check["logreg"] = func(t *testing.T, got any) {
			g := got.(result)
			if d := maxDiff(floats(g["logits"]), want.Data); !(d <= 1e-4) {
				t.Errorf("probe logits differ from sslab's by up to %g", d)
			}
			if g["note"] != "" {
				t.Errorf("the fit did not converge: %v", g["note"])
			}
		}
	}
	{
		const lambda = 0.05
		y := make([]float64, len(lab))
		for i, r := range lab {
			y[i] = float64(digits.Dataset.Labels[r]) + x.Row(r)[20]
		}
		want, err := eval.FitRidge(rows(lab), y, lambda)
		if err != nil {
			t.Fatal(err)
		}
		in["ridge"] = result{"script": digitsScript, "x": rows(lab).Data, "n": len(lab), "d": 64, "y": y, "lambda": lambda}
		check["ridge"] = func(t *testing.T, got any) {
			g := got.(result)
			if d := maxDiff(floats(g["w"]), want.W); !(d <= 1e-9) || !within(g["b"].(float64), want.B, 1e-9) {
				t.Errorf("ridge weights differ from sslab's by up to %g, intercept %v vs %v", d, g["b"], want.B)
			}
		}
	}
	{
		want := eval.KNNPredict(rows(lab[:200]), labels(lab[:200]), rows(test), 5, 10)
		in["knn"] = result{"script": digitsScript, "train": rows(lab[:200]).Data, "ytrain": labels(lab[:200]), "test": rows(test).Data,
			"d": 64, "k": 5, "classes": 10}
		check["knn"] = func(t *testing.T, got any) {
			if g := ints(got); !slices.Equal(g, want) {
				t.Errorf("kNN predictions\n%v\nsslab's\n%v", g, want)
			}
		}
	}
	{
		z := rows(split.Test)
		want := eval.Retrieval(z, labels(split.Test), 10)
		in["retrieval"] = result{"script": digitsScript, "z": z.Data, "d": 64, "labels": labels(split.Test), "k": 10}
		check["retrieval"] = func(t *testing.T, got any) {
			g := floats(got)
			if g[0] != want.P1 || !within(g[1], want.PK, 1e-14) || !within(g[2], want.MAP, 1e-12) {
				t.Errorf("retrieval p@1 %v, p@10 %v, mAP %v; sslab %v, %v, %v", g[0], g[1], g[2], want.P1, want.PK, want.MAP)
			}
		}
	}
	{
		rng := num.NewRNG(5, 5)
		var cases []result
		var want []float64
		for c := 0; c < 6; c++ {
			truth := labels(split.Test)
			assign := make([]int, len(truth))
			for i, y := range truth {
				// Mostly a permutation of the classes, partly noise.
				assign[i] = (y*3 + c) % 10
				if rng.Float64() < 0.1*float64(c) {
					assign[i] = rng.IntN(10)
				}
			}
			cases = append(cases, result{"assign": assign, "labels": truth, "classes": 10})
			want = append(want, eval.ClusterAccuracy(assign, truth, 10, 10))
		}
		in["cluster"] = result{"script": digitsScript, "cases": cases}
		check["cluster"] = func(t *testing.T, got any) {
			if g := floats(got); !slices.Equal(g, want) {
				t.Errorf("cluster accuracies %v, sslab's %v", g, want)
			}
		}
	}
	{
		blobs := data.Blobs(400, 4, 0.05, 3)
		want := eval.ClusterAccuracy(eval.KMeans(blobs.X, 4, 1, 10, 100), blobs.Labels, 4, 4)
		in["kmeans"] = result{"script": digitsScript, "z": blobs.X.Data, "d": blobs.Dim(), "k": 4, "labels": blobs.Labels}
		check["kmeans"] = func(t *testing.T, got any) {
			if g := got.(float64); g != want {
				t.Errorf("k-means on separated blobs scores %v, sslab's %v", g, want)
			}
		}
	}
	{
		rng := num.NewRNG(6, 6)
		recon, target, mask := tensor.NewMat(10, 6), tensor.NewMat(10, 6), tensor.NewMat(10, 6)
		for i := range recon.Data {
			recon.Data[i], target.Data[i] = rng.Normal(), rng.Normal()
			if rng.Float64() < 0.3 {
				mask.Data[i] = 1
			}
		}
		grad := new(tensor.Mat)
		loss := (&objective.MaskedMSE{}).Loss(recon, target, mask, grad)
		in["mse"] = result{"script": digitsScript, "recon": recon.Data, "target": target.Data, "mask": mask.Data, "d": 6}
		check["mse"] = func(t *testing.T, got any) {
			g := got.(result)
			if !within(g["loss"].(float64), loss, 1e-14) || maxDiff(floats(g["grad"]), grad.Data) > 1e-14 {
				t.Errorf("masked MSE %v, gradient %v; sslab's %v, %v", g["loss"], g["grad"], loss, grad.Data)
			}
		}
	}

	// The embedded data, exactly: a standardised table with regression
	// targets, and a user's CSV of images with named classes.
	for name, r := range map[string]*train.Run{"dataset-diabetes": newRun(t, "diabetes-regression", nil), "dataset-csv": csvRun(t)} {
		in[name] = result{"script": script(t, r, Options{})}
		check[name] = func(t *testing.T, got any) {
			g, ds := got.(result), r.Dataset
			if !slices.Equal(floats(g["x"]), ds.X.Data) || !slices.Equal(ints(g["train"]), r.Split.Train) || !slices.Equal(ints(g["test"]), r.Split.Test) {
				t.Errorf("the examples or the split differ from sslab's")
			}
			if (g["labels"] == nil) != (ds.Labels == nil) || ds.Labels != nil && !slices.Equal(ints(g["labels"]), ds.Labels) {
				t.Errorf("labels %v, sslab's %v", g["labels"], ds.Labels)
			}
			if (g["targets"] == nil) != (ds.Targets == nil) || ds.Targets != nil && !slices.Equal(floats(g["targets"]), ds.Targets) {
				t.Errorf("targets differ from sslab's")
			}
			if int(g["width"].(float64)) != ds.Width || int(g["height"].(float64)) != ds.Height || int(g["classes"].(float64)) != ds.Classes {
				t.Errorf("%v×%v images of %v classes, sslab's %d×%d of %d", g["width"], g["height"], g["classes"], ds.Width, ds.Height, ds.Classes)
			}
		}
	}

	// Python literals: what the payload writes is what Python reads.
	lits := []any{"plain", `quote " and backslash \ and ''' and """`, "tab\tnewline\nnul\x00del\x7f\r", "ünïcødé ✓ 数字",
		"\u2028\u2029\u0085", "bad utf-8 \xff", 0.1, 1e-300, 5e-324, -2.5e10, 25.0, math.MaxFloat64, 1 << 53,
		[]int{1, -2}, []string{"a", `b"c`}, true, false, nil}
	var src []string
	for _, v := range lits {
		var b strings.Builder
		writePy(&b, v, "")
		src = append(src, b.String())
	}
	in["literals"] = result{"script": digitsScript, "source": src}
	check["literals"] = func(t *testing.T, got any) {
		for i, g := range got.([]any) {
			switch w := lits[i].(type) {
			case string:
				if g != strings.ToValidUTF8(w, "\uFFFD") {
					t.Errorf("%q reads back as %q", w, g)
				}
			case int:
				if g != float64(w) {
					t.Errorf("%v reads back as %v", w, g)
				}
			case []int:
				if !slices.Equal(ints(g), w) {
					t.Errorf("%v reads back as %v", w, g)
				}
			case []string:
				if a := g.([]any); len(a) != len(w) || a[0] != w[0] || a[1] != w[1] {
					t.Errorf("%q reads back as %q", w, g)
				}
			default: // float64, bool, nil
				if g != lits[i] {
					t.Errorf("%v reads back as %v", lits[i], g)
				}
			}
		}
	}

	var out map[string]any
	runHarness(t, py, in, &out)
	for name, c := range check {
		t.Run(name, func(t *testing.T) {
			got, ok := out[name]
			if !ok {
				t.Fatalf("no result")
			}
			c(t, got)
		})
	}
}

type featureMoments struct{ mean, m2, vr, vr2 []float64 }

// moments returns each column's mean and mean square, and the unbiased
// variances of the values and of their squares.
func moments(m *tensor.Mat) featureMoments {
	n, d := m.Rows, m.Cols
	f := featureMoments{make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d)}
	for i := 0; i < n; i++ {
		for j, v := range m.Row(i) {
			f.mean[j] += v / float64(n)
			f.m2[j] += v * v / float64(n)
		}
	}
	for i := 0; i < n; i++ {
		for j, v := range m.Row(i) {
			f.vr[j] += (v - f.mean[j]) * (v - f.mean[j]) / float64(n-1)
			f.vr2[j] += (v*v - f.m2[j]) * (v*v - f.m2[j]) / float64(n-1)
		}
	}
	return f
}

// sameMoments checks that two samples of n draws have the same mean per
// feature: within 5 standard errors of their difference, and equal where
// neither varies.
func sameMoments(t *testing.T, what string, mean, vr, wantMean, wantVar []float64, n int) {
	t.Helper()
	if len(mean) != len(wantMean) {
		t.Fatalf("%d features, want %d", len(mean), len(wantMean))
	}
	bad := 0
	for j := range mean {
		se := math.Sqrt((vr[j] + wantVar[j]) / float64(n))
		if d := math.Abs(mean[j] - wantMean[j]); !(d <= 5*se+1e-12) {
			if bad < 5 {
				t.Errorf("%s feature %d: mean %.6g, sslab's %.6g (%.1f standard errors apart)", what, j, mean[j], wantMean[j], d/se)
			}
			bad++
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d features in all differ", what, bad)
	}
}

func floats(v any) []float64 {
	a := v.([]any)
	out := make([]float64, len(a))
	for i, x := range a {
		out[i] = x.(float64)
	}
	return out
}

func ints(v any) []int {
	a := v.([]any)
	out := make([]int, len(a))
	for i, x := range a {
		out[i] = int(x.(float64))
	}
	return out
}

func maxDiff(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	var m float64
	for i := range a {
		m = math.Max(m, math.Abs(a[i]-b[i]))
	}
	return m
}
