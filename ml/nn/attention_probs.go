package nn

// Attention returns, after a Forward on t, the attention probabilities of
// block layer's head h within sentence s of t: an (L, L) matrix, row i the
// weights token i gave to each token of the sentence (each row sums to 1;
// above the diagonal 0 if the model is causal). It is the cache's own
// storage, valid until the next Forward: what the page draws as attention
// maps.
func (c *TransformerCache) Attention(layer, h int, t *Tokens, s int) []float64 {
	a := &c.blocks[layer].attn
	lo, hi := t.Span(s)
	l := hi - lo
	off := a.pOff[s] + h*l*l
	return a.p[off : off+l*l]
}
