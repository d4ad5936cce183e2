package objective_test

import (
	"fmt"

	"sslab/ml/objective"
	"sslab/ml/tensor"
)

// A model that scores every word of a vocabulary alike has a perplexity of
// the vocabulary's size: here 4 held-out tokens over 5 words.
func ExamplePerplexity() {
	emb := tensor.NewMat(5, 2) // all-zero word vectors: every logit is 0
	h := tensor.NewMat(4, 2)
	var out objective.TiedSoftmax
	nll := out.NLL(h, []int{0, 3, 3, 1}, emb, make([]float64, 5))
	p, err := objective.Perplexity(nll, 4)
	if err != nil {
		panic(err)
	}
	fmt.Printf("perplexity %.4g\n", p)
	// Output:
	// perplexity 5
}
