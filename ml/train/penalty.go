package train

import (
	"math"

	"sslab/ml/eval"
	"sslab/ml/tensor"
)

// penaltyScale is the constant c of the penalty rule (see penalty).
const penaltyScale = 0.3

// penalty returns the L2 strength λ of the linear probe fitted on the
// labelled features x (n, d):
//
//	λ = c · V / n^{3/2},   V = 1/n Σᵢ ‖xᵢ − x̄‖²,   c = 0.3
//
// It reads only the labelled examples (never the test split, nor the
// unlabelled rest of the training split), and it is the same rule for the
// pretrained, the random-encoder and the raw-input features, so none of the
// three is favoured by its penalty:
//
//   - V, the labelled features' total variance, makes the penalty relative
//     to the features' scale: multiplying every feature by s multiplies the
//     fitted weights by 1/s and V by s², so the fit's predictions do not
//     change. Representations of different spread are penalised alike.
//   - λ shrinks with the number of labels n. A few labels need a strong
//     penalty (a 1-label-per-class probe otherwise fits the noise of each
//     example); with many, the classes approach separability in good
//     features and a weaker penalty lets the margin grow. On held-out parts
//     of digits' training split (labelled sets drawn from 75% of it, scored
//     on the other 25%, seeds 1-5, all three representations) the best
//     strength fell faster than 1/n, and n^{-3/2} with c = 0.3 scored best
//     on average over the budgets among c/n and c/n^{3/2} rules with c
//     spread over a factor of 100; the test split played no part.
//
// Labelled sets too small for cross-validation (1 label per class) are the
// budgets that matter most here, which is why the rule is a formula and not
// a search. Constant features (V = 0) give λ = 0: logistic regression then
// fits the class frequencies, and ridge reports the system as singular.
func penalty(x *tensor.Mat) float64 {
	n := x.Rows
	if n == 0 {
		return 0
	}
	v := totalVariance(x)
	return penaltyScale * v / (float64(n) * math.Sqrt(float64(n)))
}

// totalVariance returns 1/n Σᵢ ‖xᵢ − x̄‖², the trace of the covariance of
// the rows of x, summed column by column in row order.
func totalVariance(x *tensor.Mat) float64 {
	n, d := x.Rows, x.Cols
	if n == 0 {
		return 0
	}
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		for j, v := range x.Row(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	var s float64
	for i := 0; i < n; i++ {
		for j, v := range x.Row(i) {
			dv := v - mean[j]
			s += float64(dv * dv)
		}
	}
	return s / float64(n)
}

// ridgeGrid are the penalties ridgePenalty tries, as multiples of the
// labelled features' total variance V: half decades from 10⁻⁶·V, a fit
// close to least squares, to 100·V, one that predicts little but the mean.
var ridgeGrid = func() []float64 {
	var g []float64
	for k := -12; k <= 4; k++ {
		g = append(g, math.Pow(10, float64(k)/2))
	}
	return g
}()

// ridgePenalty returns the L2 strength λ of the ridge probe fitted on the
// labelled features x (n, d) and targets y (n): of the λ of ridgeGrid
// (times V, as in penalty), the largest whose leave-one-out squared error
// on the labelled examples is within one standard error of the least (the
// "one standard error" rule of Hastie, Tibshirani and Friedman's Elements
// of Statistical Learning, §7.10: with a few examples leave-one-out is
// noisy, and among the penalties it cannot tell apart the strongest is
// the safest). Leave-one-out costs no refits
// for ridge (eval.RidgeLOO), and it reads only the labelled examples, the
// same rule for every representation.
//
// Regression targets are noisy in a way classes are not: on diabetes, the
// classification rule's λ let 10 to 20 labelled patients be fitted so
// closely that every representation predicted new ones worse than their
// mean (R² below 0); the right strength depends on how much of the target
// the features explain, which only a fit can tell. With fewer than three
// examples there is nothing to leave out and the classification rule
// applies.
func ridgePenalty(x *tensor.Mat, y []float64) float64 {
	v := totalVariance(x)
	if x.Rows < 3 || v == 0 {
		return penalty(x)
	}
	lambdas := make([]float64, len(ridgeGrid))
	for k, c := range ridgeGrid {
		lambdas[k] = c * v
	}
	loo, err := eval.RidgeLOO(x, y, lambdas)
	if err != nil {
		return penalty(x)
	}
	best := -1
	for k, e := range loo {
		if !math.IsInf(e.MSE, 1) && (best < 0 || e.MSE <= loo[best].MSE) {
			best = k
		}
	}
	if best < 0 {
		return penalty(x)
	}
	pick := best
	for k := best + 1; k < len(loo); k++ { // the grid grows with k
		if loo[k].MSE <= loo[best].MSE+loo[best].SE {
			pick = k
		}
	}
	return lambdas[pick]
}
