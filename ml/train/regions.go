package train

import (
	"errors"
	"math"

	"sslab/ml/tensor"
)

// InputRegion is what a linear probe predicts over the input plane of a
// 2-D dataset, on an N×N grid of cell centres covering the data (row 0 at
// YLo, column 0 at XLo): a class per cell, or for regression the predicted
// target. It is TensorFlow Playground's picture of a model, drawn for the
// pretrained encoder, the random one and the raw inputs side by side.
type InputRegion struct {
	Encoder            string    `json:"encoder"` // pretrained | random | raw
	N                  int       `json:"n"`
	XLo, XHi, YLo, YHi float64   `json:"-"`
	Class              []int     `json:"class,omitempty"`
	Value              []float64 `json:"value,omitempty"`
}

// Regions fits the linear probe on each representation (pretrained, random
// encoder, raw inputs) at budget b, on the first draw of its labels as the
// rows' first draw does, and predicts it over an n×n grid of the input
// plane. The data must be 2-D points.
func (a *Adapter) Regions(pre, random *Encoder, b Budget, n int) ([]InputRegion, error) {
	if a.ds.Dim() != 2 {
		return nil, errors.New("decision regions are drawn for 2-D data only")
	}
	if b == 0 {
		return nil, errors.New("a linear probe needs labels: choose a budget of at least 1 per class")
	}
	n = max(n, 2)
	grid, xlo, xhi, ylo, yhi := planeGrid(a.ds.X, n)
	rows := a.draws(b)[0]
	var out []InputRegion
	for _, r := range []struct {
		name string
		enc  *Encoder
	}{{"pretrained", pre}, {"random", random}, {"raw", nil}} {
		x, g := a.ds.X, grid
		if r.enc != nil {
			x, g = r.enc.Embed(a.ds.X), r.enc.Embed(grid)
		}
		f := a.feature(r.name, x)
		p, err := a.fitProbe(f.x, rows)
		if err != nil {
			return nil, err
		}
		if f.std != nil {
			g = f.std.apply(g)
		}
		reg := InputRegion{Encoder: r.name, N: n, XLo: xlo, XHi: xhi, YLo: ylo, YHi: yhi}
		pred := p.predict(g)
		if a.regression {
			reg.Value = make([]float64, pred.Rows)
			for i := range reg.Value {
				reg.Value[i] = pred.Data[i]*a.sd + a.mean
			}
		} else {
			reg.Class = argmax(pred)
		}
		out = append(out, reg)
	}
	return out, nil
}

// planeGrid returns the centres of an n×n grid over the bounding box of the
// 2-D points x, padded by 5% on each side, row by row from the bottom.
func planeGrid(x *tensor.Mat, n int) (grid *tensor.Mat, xlo, xhi, ylo, yhi float64) {
	xlo, xhi, ylo, yhi = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := 0; i < x.Rows; i++ {
		r := x.Row(i)
		xlo, xhi, ylo, yhi = min(xlo, r[0]), max(xhi, r[0]), min(ylo, r[1]), max(yhi, r[1])
	}
	px, py := 0.05*max(xhi-xlo, 1e-9), 0.05*max(yhi-ylo, 1e-9)
	xlo, xhi, ylo, yhi = xlo-px, xhi+px, ylo-py, yhi+py
	grid = tensor.NewMat(n*n, 2)
	for row := range n {
		for col := range n {
			g := grid.Row(row*n + col)
			g[0] = xlo + (float64(col)+0.5)*(xhi-xlo)/float64(n)
			g[1] = ylo + (float64(row)+0.5)*(yhi-ylo)/float64(n)
		}
	}
	return grid, xlo, xhi, ylo, yhi
}
