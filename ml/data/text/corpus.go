package text

// MaxLen is the protocol's sentence length for the model: a longer
// sentence is truncated to its first MaxLen tokens.
const MaxLen = 32

// Document is one of Brown's 500 texts.
type Document struct {
	ID         string // ca01 ... cr09
	Genre      string // one of Genres
	Test       bool   // in the test split (Split)
	First, End int    // its sentences are [First, End)
}

// Corpus is the Brown corpus under the protocol: every sentence of every
// document in document order, as token ids and universal tags. Sentences
// are stored whole; Sentence truncates them to MaxLen.
type Corpus struct {
	Vocab *Vocab
	Docs  []Document // sorted by ID
	IDs   []uint16   // (N) every token's id
	Tags  []Tag      // (N) every token's universal tag
	Start []int      // (S+1) sentence s is tokens [Start[s], Start[s+1])
	Doc   []int      // (S) the index in Docs of sentence s's document
}

// Sentences returns the number of sentences.
func (c *Corpus) Sentences() int { return len(c.Start) - 1 }

// Sentence returns sentence s's ids and tags, truncated to MaxLen tokens.
// The slices are the corpus's own.
func (c *Corpus) Sentence(s int) ([]uint16, []Tag) {
	lo, hi := c.Start[s], min(c.Start[s+1], c.Start[s]+MaxLen)
	return c.IDs[lo:hi], c.Tags[lo:hi]
}

// Test reports whether sentence s is in the test split.
func (c *Corpus) Test(s int) bool { return c.Docs[c.Doc[s]].Test }

// Informative returns the sentence task's label of sentence s: true for
// informative prose, false for imaginative.
func (c *Corpus) Informative(s int) bool { return Informative(c.Docs[c.Doc[s]].Genre) }

// Split returns the sentences of the training and the test documents, in
// corpus order.
func (c *Corpus) Split() (train, test []int) {
	for s := range c.Sentences() {
		if c.Test(s) {
			test = append(test, s)
		} else {
			train = append(train, s)
		}
	}
	return train, test
}

// Counts returns how often each id occurs in the given sentences,
// truncated to MaxLen: the unigram counts that skip-gram's negatives are
// drawn from.
func (c *Corpus) Counts(sentences []int) []int {
	n := make([]int, c.Vocab.Len())
	for _, s := range sentences {
		ids, _ := c.Sentence(s)
		for _, id := range ids {
			n[id]++
		}
	}
	return n
}

// Stats summarises a corpus.
type Stats struct {
	Documents, TrainDocuments, TestDocuments int
	Sentences, TrainSentences, TestSentences int
	Tokens                                   int // every token, sentences whole
	ModelTokens                              int // tokens once sentences are truncated to MaxLen
	TrainTokens, TrainModelTokens            int // the same in the training split
	TrainUnknown                             int // training tokens (truncated) outside the vocabulary
}

// Stats counts the corpus's documents, sentences and tokens per split.
func (c *Corpus) Stats() Stats {
	st := Stats{Documents: len(c.Docs), Sentences: c.Sentences(), Tokens: len(c.IDs)}
	for _, d := range c.Docs {
		if d.Test {
			st.TestDocuments++
		} else {
			st.TrainDocuments++
		}
	}
	for s := range c.Sentences() {
		full := c.Start[s+1] - c.Start[s]
		ids, _ := c.Sentence(s)
		st.ModelTokens += len(ids)
		if c.Test(s) {
			st.TestSentences++
			continue
		}
		st.TrainSentences++
		st.TrainTokens += full
		st.TrainModelTokens += len(ids)
		for _, id := range ids {
			if id == UNK {
				st.TrainUnknown++
			}
		}
	}
	return st
}
