package text

import (
	"fmt"
	"sort"

	"sslab/ml/num"
)

// SkipGramPairs appends the (center, context) pairs of one sentence for
// skip-gram: for each position, a window b drawn uniformly from 1..window
// (word2vec's dynamic window, which weights near words more), and every
// word within b positions on either side. The specials ([UNK] above all,
// an eighth of Brown's tokens) are dropped first, as word2vec drops words
// outside its vocabulary, so they are neither centers nor contexts. rng is
// reset by the caller to the sentence's stream (seed, step, sentence).
func SkipGramPairs(centers, contexts, sentence []int, window int, rng *num.RNG) ([]int, []int) {
	if window < 1 {
		panic(fmt.Sprintf("text: SkipGramPairs: window %d; want at least 1", window))
	}
	var words [MaxLen]int
	w := words[:0]
	for _, id := range sentence {
		if id >= FirstWord && len(w) < MaxLen {
			w = append(w, id)
		}
	}
	for i, c := range w {
		b := 1 + rng.IntN(window)
		for j := max(0, i-b); j <= min(len(w)-1, i+b); j++ {
			if j != i {
				centers = append(centers, c)
				contexts = append(contexts, w[j])
			}
		}
	}
	return centers, contexts
}

// NegativeSampler draws skip-gram's negative words from the unigram
// distribution of the training text raised to the power 0.75, which draws
// rare words more often than their frequency (word2vec's choice).
type NegativeSampler struct {
	cum []float64 // cum[i] = Σ_{j ≤ i} count_j^0.75, normalised to end at 1
}

// NewNegativeSampler returns the sampler for counts[id] (Corpus.Counts of
// the training sentences); the specials are never drawn.
func NewNegativeSampler(counts []int) (*NegativeSampler, error) {
	s := &NegativeSampler{cum: make([]float64, len(counts))}
	var total float64
	for id, n := range counts {
		if id >= FirstWord && n > 0 {
			total += num.Exp(0.75 * num.Log(float64(n))) // n^0.75; math.Pow is not the same bits everywhere
		}
		s.cum[id] = total
	}
	if total == 0 {
		return nil, fmt.Errorf("negative sampler: no word of the vocabulary occurs in the training text")
	}
	for i := range s.cum {
		s.cum[i] /= total
	}
	return s, nil
}

// Sample appends k negative words drawn from rng to dst.
func (s *NegativeSampler) Sample(dst []int, k int, rng *num.RNG) []int {
	for range k {
		u := rng.Float64()
		id := sort.SearchFloat64s(s.cum, u)
		// SearchFloat64s finds the first cum ≥ u; a word owns (cum[id-1], cum[id]].
		for id < len(s.cum)-1 && s.cum[id] <= u {
			id++
		}
		dst = append(dst, id)
	}
	return dst
}

// Probability returns the chance that Sample draws id.
func (s *NegativeSampler) Probability(id int) float64 {
	if id == 0 {
		return s.cum[0]
	}
	return s.cum[id] - s.cum[id-1]
}
