package train

import (
	"fmt"
	"math"

	"sslab/ml/eval"
	"sslab/ml/tensor"
)

// probeSolver fits the classification probe: full batch, to a gradient
// below 1e-6 (the objective is strictly convex, so this is its minimum to
// about six digits), within an iteration cap that a fit of the lab's sizes
// stays well under.
var probeSolver = eval.LBFGS{Memory: 10, MaxIter: 1000, GradTol: 1e-6}

// probe is a fitted linear probe w^T φ(x) + b on frozen features:
// multinomial logistic regression for classification, ridge regression on
// the standardised targets for regression, both with the L2 strength of
// the penalty rule.
type probe struct {
	lambda float64
	logreg *eval.LogReg // classification
	ridge  *eval.Ridge  // regression
	note   string       // a caveat to show beside the result, "" if none
}

// fitProbe fits the probe to the labelled rows of the features x. An
// error says why there is no fit (features that are not finite, a
// singular ridge system); the rows then show the reason instead of a
// number.
func (a *Adapter) fitProbe(x *tensor.Mat, rows []int) (*probe, error) {
	s := a.labelled(x, rows)
	for i, v := range s.x.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("feature %d of labelled example %d is %v: the features are not finite (did the encoder diverge?)", i%s.x.Cols, rows[i/s.x.Cols], v)
		}
	}
	p := &probe{lambda: penalty(s.x)}
	if a.regression {
		p.lambda = ridgePenalty(s.x, s.targets)
		r, err := eval.FitRidge(s.x, s.targets, p.lambda)
		if err != nil {
			if totalVariance(s.x) == 0 {
				return nil, fmt.Errorf("the %d labelled examples all have the same features (a collapsed or dead encoder?): %v", len(rows), err)
			}
			return nil, err
		}
		p.ridge = r
		return p, nil
	}
	m, res, err := eval.FitLogReg(s.x, s.labels, a.classes, p.lambda, nil, probeSolver)
	if err != nil {
		return nil, err
	}
	if !res.Converged {
		p.note = fmt.Sprintf("the probe's fit stopped after %d iterations with its largest gradient entry at %.1e, above the %.0e it aims for",
			res.Iter, res.GradMax, probeSolver.GradTol)
	}
	p.logreg = m
	return p, nil
}

// predict returns the probe's outputs for the rows of x: logits (n, C), or
// standardised predictions (n, 1).
func (p *probe) predict(x *tensor.Mat) *tensor.Mat {
	if p.logreg != nil {
		return p.logreg.Logits(x)
	}
	out := tensor.NewMat(x.Rows, 1)
	copy(out.Data, p.ridge.Predict(x))
	return out
}

// headParams returns the probe as the parameters of a dense layer
// (in, out) reading the encoder's output directly, W row-major then b
// (nn.Dense's layout): LP-FT's starting head. If the probe was fitted on
// standardised features, the standardisation is folded into W and b.
func (p *probe) headParams(std *standardizer) []float64 {
	var w, b []float64
	var out int
	if p.logreg != nil {
		out = p.logreg.C
		w, b = p.logreg.Params[:p.logreg.D*out], p.logreg.B()
	} else {
		out = 1
		w, b = p.ridge.W, []float64{p.ridge.B}
	}
	in := len(w) / out
	params := make([]float64, in*out+out)
	copy(params, w)
	copy(params[in*out:], b)
	if std != nil {
		// (x − μ)·inv·W + b = x·(inv∘W) + (b − Σⱼ μⱼ·invⱼ·Wⱼ)
		hb := params[in*out:]
		for j := 0; j < in; j++ {
			for k := 0; k < out; k++ {
				v := float64(params[j*out+k] * std.inv[j])
				params[j*out+k] = v
				hb[k] -= float64(std.mean[j] * v)
			}
		}
	}
	return params
}
