package text

import (
	"fmt"
	"math"
	"sort"

	"sslab/ml/num"
)

// MaskRate is the fraction of a sentence's tokens that masked-token
// prediction chooses; of those, MaskToMask become [MASK], MaskToRandom a
// random word, and the rest stay, as in BERT: the model cannot tell which
// visible tokens are being scored, so it must represent them all.
const (
	MaskRate     = 0.15
	MaskToMask   = 0.8
	MaskToRandom = 0.1
)

// MaskSentence draws BERT's masking of one sentence from rng, which the
// caller resets to the sentence's own stream (seed, step, sentence) so the
// masking does not depend on who computes it. It chooses
// max(1, round(0.15·L)) of the L non-[PAD] positions uniformly without
// replacement (BERT's count, so that every sentence teaches something);
// each chosen token becomes [MASK] with probability 0.8, a word drawn
// uniformly from the vocabulary's words (not the specials) with 0.1, and
// stays with 0.1. It writes the model's input into in (len(sentence)) and
// appends the chosen positions, in increasing order, and their original
// tokens to positions and targets.
func MaskSentence(in, sentence []int, vocab int, rng *num.RNG, positions, targets []int) ([]int, []int) {
	return MaskSentenceRate(MaskRate, in, sentence, vocab, rng, positions, targets)
}

// MaskCount returns how many of n positions MaskSentenceRate chooses at
// rate: max(1, round(rate·n)), at most n. It depends on the sentence's
// length only, so every shard can count a whole batch's chosen positions.
func MaskCount(n int, rate float64) int {
	return min(n, max(1, int(math.Round(rate*float64(n)))))
}

// MaskSentenceRate is MaskSentence choosing MaskCount(L, rate) positions
// instead of BERT's 15%.
func MaskSentenceRate(rate float64, in, sentence []int, vocab int, rng *num.RNG, positions, targets []int) ([]int, []int) {
	if len(in) != len(sentence) || vocab <= FirstWord {
		panic(fmt.Sprintf("text: MaskSentence: %d inputs for %d tokens, vocabulary %d", len(in), len(sentence), vocab))
	}
	copy(in, sentence)
	first := len(positions)
	for i, id := range sentence {
		if id != PAD {
			positions = append(positions, i)
		}
	}
	cand := positions[first:]
	k := MaskCount(len(cand), rate)
	// A partial Fisher-Yates shuffle picks k of the candidates.
	for i := 0; i < k; i++ {
		j := i + rng.IntN(len(cand)-i)
		cand[i], cand[j] = cand[j], cand[i]
	}
	positions = positions[:first+k]
	chosen := positions[first:]
	sort.Ints(chosen)
	for _, p := range chosen {
		targets = append(targets, sentence[p])
		switch u := rng.Float64(); {
		case u < MaskToMask:
			in[p] = MASK
		case u < MaskToMask+MaskToRandom:
			in[p] = FirstWord + rng.IntN(vocab-FirstWord)
		}
	}
	return positions, targets
}
