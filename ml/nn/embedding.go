package nn

import (
	"fmt"

	"sslab/ml/tensor"
)

// Embedding maps each token to the sum of its token vector and the learned
// vector of its position: x_i = Tok[id_i] + Pos[pos_i]. Its parameters are
// Tok (Vocab, Dim) row-major, then Pos (MaxLen, Dim); Tok comes first so an
// output layer tied to it (objective.TiedSoftmax) reads a plain (Vocab, Dim)
// matrix at the start of the model's parameters.
type Embedding struct {
	Vocab, MaxLen, Dim int
	Tok, Pos           []float64
}

// NumParams returns (Vocab + MaxLen)·Dim.
func (e *Embedding) NumParams() int { return (e.Vocab + e.MaxLen) * e.Dim }

// Bind points Tok and Pos at params[:NumParams()].
func (e *Embedding) Bind(params []float64) {
	n := e.Vocab * e.Dim
	e.Tok, e.Pos = params[:n], params[n:e.NumParams()]
}

// TokenMat returns Tok as a (Vocab, Dim) matrix sharing its storage.
func (e *Embedding) TokenMat() *tensor.Mat {
	return &tensor.Mat{Rows: e.Vocab, Cols: e.Dim, Data: e.Tok}
}

// Forward sets x to the embeddings of t.                 t (N) -> x (N, Dim)
func (e *Embedding) Forward(x *tensor.Mat, t *Tokens) {
	d := e.Dim
	x.Resize(t.Len(), d)
	for i, id := range t.IDs {
		p := t.Pos[i]
		if uint(id) >= uint(e.Vocab) || uint(p) >= uint(e.MaxLen) {
			panic(fmt.Sprintf("nn: Embedding: token %d has id %d at position %d; allowed ids below %d, positions below %d", i, id, p, e.Vocab, e.MaxLen))
		}
		tok, pos, row := e.Tok[id*d:(id+1)*d], e.Pos[p*d:(p+1)*d], x.Row(i)
		for j := range row {
			row[j] = tok[j] + pos[j]
		}
	}
}

// Backward adds dL/dTok and dL/dPos into grad (laid out like the
// parameters): each token's row of dx goes to its id's and its position's
// rows, tokens in order.                                        dx (N, Dim)
func (e *Embedding) Backward(grad []float64, t *Tokens, dx *tensor.Mat) {
	d := e.Dim
	gTok, gPos := grad[:e.Vocab*d], grad[e.Vocab*d:e.NumParams()]
	for i, id := range t.IDs {
		p := t.Pos[i]
		gt, gp, row := gTok[id*d:(id+1)*d], gPos[p*d:(p+1)*d], dx.Row(i)
		for j, v := range row {
			gt[j] += v
			gp[j] += v
		}
	}
}
