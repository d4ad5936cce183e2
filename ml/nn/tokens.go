package nn

import "fmt"

// Tokens is a shard of sentences packed end to end: the rows of every
// per-token matrix of a Transformer are these tokens, sentence after
// sentence, with no padding. Attention stays inside a sentence, so a
// sentence's outputs are the same bits whatever shares its shard, and a
// padding position costs nothing: it is simply not there (FromPadded drops
// it, keeping the real tokens' positions). That is exactly what a padding
// mask does to a padded batch: [PAD] positions neither attend nor are
// attended to.
type Tokens struct {
	IDs   []int // (N) token ids
	Pos   []int // (N) position of each token in its sentence
	Start []int // (S+1) sentence s holds tokens [Start[s], Start[s+1]); Start[0] = 0
}

// Len returns N, the number of tokens.
func (t *Tokens) Len() int { return len(t.IDs) }

// Sentences returns S, the number of sentences.
func (t *Tokens) Sentences() int { return max(0, len(t.Start)-1) }

// Span returns the token rows [lo, hi) of sentence s.
func (t *Tokens) Span(s int) (lo, hi int) { return t.Start[s], t.Start[s+1] }

// Reset empties t, keeping its storage.
func (t *Tokens) Reset() {
	t.IDs, t.Pos, t.Start = t.IDs[:0], t.Pos[:0], append(t.Start[:0], 0)
}

// Append adds a sentence whose tokens sit at positions 0, 1, ...
func (t *Tokens) Append(ids []int) {
	if len(t.Start) == 0 {
		t.Start = append(t.Start, 0)
	}
	for i, id := range ids {
		t.IDs = append(t.IDs, id)
		t.Pos = append(t.Pos, i)
	}
	t.Start = append(t.Start, len(t.IDs))
}

// FromPadded sets t to the sentences of a padded batch ids (S, T),
// row-major: the tokens equal to pad are dropped and the others keep their
// column as position.
func (t *Tokens) FromPadded(ids []int, T, pad int) {
	if T <= 0 || len(ids)%T != 0 {
		panic(fmt.Sprintf("nn: FromPadded: %d ids do not make rows of %d", len(ids), T))
	}
	t.Reset()
	for r := 0; r < len(ids)/T; r++ {
		for j, id := range ids[r*T : (r+1)*T] {
			if id != pad {
				t.IDs = append(t.IDs, id)
				t.Pos = append(t.Pos, j)
			}
		}
		t.Start = append(t.Start, len(t.IDs))
	}
}

// Validate reports the first token id outside [0, vocab), position outside
// [0, maxLen), or sentence boundary out of order.
func (t *Tokens) Validate(vocab, maxLen int) error {
	if len(t.Pos) != len(t.IDs) {
		return fmt.Errorf("tokens: %d ids but %d positions", len(t.IDs), len(t.Pos))
	}
	if len(t.Start) == 0 || t.Start[0] != 0 || t.Start[len(t.Start)-1] != len(t.IDs) {
		return fmt.Errorf("tokens: sentence starts %v do not cover the %d tokens", t.Start, len(t.IDs))
	}
	for s := 0; s+1 < len(t.Start); s++ {
		if t.Start[s+1] < t.Start[s] {
			return fmt.Errorf("tokens: sentence %d ends (%d) before it starts (%d)", s, t.Start[s+1], t.Start[s])
		}
	}
	for i, id := range t.IDs {
		if id < 0 || id >= vocab {
			return fmt.Errorf("tokens: token %d has id %d; allowed: 0 to %d", i, id, vocab-1)
		}
		if p := t.Pos[i]; p < 0 || p >= maxLen {
			return fmt.Errorf("tokens: token %d is at position %d; allowed: 0 to %d (the model's maximum length)", i, p, maxLen-1)
		}
	}
	return nil
}
