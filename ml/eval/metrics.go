package eval

// Accuracy returns the fraction of positions where pred equals labels, or 0
// for empty input.
func Accuracy(pred, labels []int) float64 {
	checkLen("Accuracy", len(pred), len(labels))
	if len(pred) == 0 {
		return 0
	}
	hit := 0
	for i, p := range pred {
		if p == labels[i] {
			hit++
		}
	}
	return float64(hit) / float64(len(pred))
}

// MSE returns the mean squared error between pred and target, or 0 for
// empty input.
func MSE(pred, target []float64) float64 {
	checkLen("MSE", len(pred), len(target))
	if len(pred) == 0 {
		return 0
	}
	return sqDist(pred, target) / float64(len(pred))
}

// R2 returns the coefficient of determination 1 - SSres/SStot, where SStot
// is taken about target's mean. It is 1 for a perfect fit, 0 for predicting
// the mean, and negative for worse. A constant target has SStot = 0; like
// scikit-learn, R2 then returns 1 if the fit is exact and 0 otherwise rather
// than ±Inf or NaN. Empty input returns 0.
func R2(pred, target []float64) float64 {
	checkLen("R2", len(pred), len(target))
	if len(pred) == 0 {
		return 0
	}
	var mean float64
	for _, t := range target {
		mean += t
	}
	mean /= float64(len(target))
	var ssTot float64
	for _, t := range target {
		d := t - mean
		ssTot += d * d
	}
	ssRes := sqDist(pred, target)
	if ssTot == 0 {
		if ssRes == 0 {
			return 1
		}
		return 0
	}
	return 1 - ssRes/ssTot
}
