package objective

import (
	"fmt"
	"math"

	"sslab/ml/num"
)

// Perplexity returns exp(nll / tokens), the perplexity of held-out tokens
// whose negative log-likelihoods (in nats) sum to nll: the number of words
// the model is as unsure between, on average, as a uniform guess among
// that many would be. A model that knows nothing has the vocabulary's size.
func Perplexity(nll float64, tokens int) (float64, error) {
	if tokens < 1 {
		return math.NaN(), fmt.Errorf("perplexity: %d tokens scored; need at least 1", tokens)
	}
	if math.IsNaN(nll) || math.IsInf(nll, 0) || nll < 0 {
		return math.NaN(), fmt.Errorf("perplexity: the summed loss is %v; want a finite number ≥ 0", nll)
	}
	p := num.Exp(nll / float64(tokens))
	if math.IsInf(p, 0) {
		return math.NaN(), fmt.Errorf("perplexity: mean loss %.4g nats overflows exp", nll/float64(tokens))
	}
	return p, nil
}
