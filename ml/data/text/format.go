package text

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The Brown corpus ships as three gzip files (web/data/DATA.md):
//
//   - VocabFile: the vocabulary, one word per line, line i holding id i
//     (the specials first);
//   - DocsFile: a tab-separated table with the header
//     "id genre split sentences" and one row per document in id order;
//   - SentencesFile: every sentence of every document in document order,
//     binary: the magic "SSLBRWN1", then as unsigned varints the number of
//     sentences S, of tokens N, the vocabulary's size V and the number of
//     tags (12), then S sentence lengths, then for each token id·12 + tag.
//     Tags are mostly fixed by the word, so coding them with the id
//     compresses better than two streams.
//
// gzip's checksum guards each file; Read also checks every count, id and
// tag, and names the file in its error.
const (
	VocabFile     = "brown-vocab.txt.gz"
	DocsFile      = "brown-docs.tsv.gz"
	SentencesFile = "brown-sentences.bin.gz"
)

const (
	sentencesMagic = "SSLBRWN1"
	docsHeader     = "id\tgenre\tsplit\tsentences"
	// Limits far above Brown's, so that a corrupt count fails cleanly
	// instead of asking for gigabytes.
	maxSentences = 1 << 22
	maxTokens    = 1 << 26
	maxVocab     = 1 << 16
	maxLine      = 1 << 16
)

// Encode returns the corpus's three files, gzipped, by name.
func (c *Corpus) Encode() (map[string][]byte, error) {
	var vocab, docs, sents bytes.Buffer
	for _, w := range c.Vocab.Words {
		vocab.WriteString(w + "\n")
	}
	docs.WriteString(docsHeader + "\n")
	for _, d := range c.Docs {
		split := "train"
		if d.Test {
			split = "test"
		}
		fmt.Fprintf(&docs, "%s\t%s\t%s\t%d\n", d.ID, d.Genre, split, d.End-d.First)
	}
	sents.WriteString(sentencesMagic)
	var buf [binary.MaxVarintLen64]byte
	put := func(v uint64) { sents.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	put(uint64(c.Sentences()))
	put(uint64(len(c.IDs)))
	put(uint64(c.Vocab.Len()))
	put(NumTags)
	for s := range c.Sentences() {
		put(uint64(c.Start[s+1] - c.Start[s]))
	}
	for i, id := range c.IDs {
		put(uint64(id)*NumTags + uint64(c.Tags[i]))
	}
	out := map[string][]byte{}
	for name, b := range map[string]*bytes.Buffer{VocabFile: &vocab, DocsFile: &docs, SentencesFile: &sents} {
		var z bytes.Buffer
		w, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
		if err != nil {
			return nil, err
		}
		w.Name = strings.TrimSuffix(name, ".gz")
		if _, err := w.Write(b.Bytes()); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		out[name] = z.Bytes()
	}
	return out, nil
}

// Read decodes the corpus from its three files (gzipped, as Encode writes
// them) and validates them against each other and the protocol. An error
// names the file at fault and what is wrong with it.
func Read(vocab, docs, sentences io.Reader) (*Corpus, error) {
	v, err := readVocab(vocab)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", VocabFile, err)
	}
	list, err := readDocs(docs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", DocsFile, err)
	}
	c := &Corpus{Vocab: v, Docs: list}
	if err := c.readSentences(sentences); err != nil {
		return nil, fmt.Errorf("%s: %w", SentencesFile, err)
	}
	return c, nil
}

// gunzip opens a gzip stream; a file that is not gzip says so.
func gunzip(r io.Reader) (*gzip.Reader, error) {
	z, err := gzip.NewReader(r)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the file is empty")
		}
		return nil, fmt.Errorf("not a gzip file (%v)", err)
	}
	return z, nil
}

// readErr explains an error of reading decompressed data.
func readErr(err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return errors.New("the file is truncated")
	case errors.Is(err, gzip.ErrChecksum):
		return errors.New("the file is corrupt (its gzip checksum does not match)")
	}
	return fmt.Errorf("the file is corrupt (%v)", err)
}

// atEOF checks that z has nothing left, which also makes gzip verify its
// checksum.
func atEOF(z io.Reader) error {
	var b [1]byte
	n, err := z.Read(b[:])
	for n == 0 && err == nil {
		n, err = z.Read(b[:])
	}
	if n > 0 {
		return errors.New("the file has data after its end")
	}
	if err != io.EOF {
		return readErr(err)
	}
	return nil
}

// lines reads a gzipped text file's lines.
func lines(r io.Reader) ([]string, error) {
	z, err := gunzip(r)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 4096), maxLine)
	var out []string
	for sc.Scan() {
		out = append(out, sc.Text())
		if len(out) > maxSentences {
			return nil, fmt.Errorf("more than %d lines", maxSentences)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d is longer than %d bytes", len(out)+1, maxLine)
		}
		return nil, readErr(err)
	}
	return out, nil
}

func readVocab(r io.Reader) (*Vocab, error) {
	words, err := lines(r)
	if err != nil {
		return nil, err
	}
	if len(words) > maxVocab {
		return nil, fmt.Errorf("%d words; at most %d fit the sentences' ids", len(words), maxVocab)
	}
	return NewVocab(words)
}

func readDocs(r io.Reader) ([]Document, error) {
	rows, err := lines(r)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || rows[0] != docsHeader {
		return nil, fmt.Errorf("the first line is not the header %q", strings.ReplaceAll(docsHeader, "\t", " "))
	}
	var list []Document
	n := 0
	for i, row := range rows[1:] {
		line := i + 2
		f := strings.Split(row, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("line %d has %d columns; want 4 (id, genre, split, sentences)", line, len(f))
		}
		if len(list) > 0 && f[0] <= list[len(list)-1].ID {
			return nil, fmt.Errorf("line %d: document %q is not after %q: the documents must be in id order, once each", line, f[0], list[len(list)-1].ID)
		}
		if GenreIndex(f[1]) < 0 {
			return nil, fmt.Errorf("line %d: unknown genre %q; allowed: %s", line, f[1], strings.Join(Genres, ", "))
		}
		if f[2] != "train" && f[2] != "test" {
			return nil, fmt.Errorf("line %d: split %q; allowed: train, test", line, f[2])
		}
		k, err := strconv.Atoi(f[3])
		if err != nil || k < 0 || k > maxSentences {
			return nil, fmt.Errorf("line %d: sentence count %q is not a whole number from 0 to %d", line, f[3], maxSentences)
		}
		list = append(list, Document{ID: f[0], Genre: f[1], Test: f[2] == "test", First: n, End: n + k})
		n += k
	}
	if len(list) == 0 {
		return nil, errors.New("no documents")
	}
	// The split is the protocol's, not the file's to choose.
	want := append([]Document(nil), list...)
	Split(want)
	for i := range list {
		if list[i].Test != want[i].Test {
			return nil, fmt.Errorf("document %s is marked %s, but the protocol (index %% 4 == 3 within its genre) puts it in the other split", list[i].ID, map[bool]string{true: "test", false: "train"}[list[i].Test])
		}
	}
	return list, nil
}

func (c *Corpus) readSentences(r io.Reader) error {
	z, err := gunzip(r)
	if err != nil {
		return err
	}
	br := bufio.NewReader(z)
	magic := make([]byte, len(sentencesMagic))
	if _, err := io.ReadFull(br, magic); err != nil {
		return readErr(err)
	}
	if string(magic) != sentencesMagic {
		return fmt.Errorf("it does not start with %q: not a sentences file of this format", sentencesMagic)
	}
	var header [4]uint64
	for i, name := range []string{"sentence count", "token count", "vocabulary size", "tag count"} {
		if header[i], err = binary.ReadUvarint(br); err != nil {
			return fmt.Errorf("reading the %s: %w", name, readErr(err))
		}
	}
	S, N, V, T := header[0], header[1], header[2], header[3]
	docs := c.Docs[len(c.Docs)-1].End
	switch {
	case S != uint64(docs):
		return fmt.Errorf("it holds %d sentences but %s counts %d", S, DocsFile, docs)
	case N > maxTokens:
		return fmt.Errorf("it claims %d tokens; at most %d are read", N, maxTokens)
	case V != uint64(c.Vocab.Len()):
		return fmt.Errorf("its ids are for a vocabulary of %d words but %s has %d", V, VocabFile, c.Vocab.Len())
	case T != NumTags:
		return fmt.Errorf("it has %d tags; want %d", T, NumTags)
	}
	c.Start = make([]int, 1, S+1)
	for s := uint64(0); s < S; s++ {
		l, err := binary.ReadUvarint(br)
		if err != nil {
			return fmt.Errorf("sentence length %d of %d: %w", s+1, S, readErr(err))
		}
		end := uint64(c.Start[s]) + l
		if l == 0 || end > N {
			return fmt.Errorf("sentence %d has length %d; the lengths must be at least 1 and add up to the %d tokens", s+1, l, N)
		}
		c.Start = append(c.Start, int(end))
	}
	if uint64(c.Start[S]) != N {
		return fmt.Errorf("the sentence lengths add up to %d tokens, not the %d the header says", c.Start[S], N)
	}
	c.IDs, c.Tags = make([]uint16, N), make([]Tag, N)
	for i := range c.IDs {
		v, err := binary.ReadUvarint(br)
		if err != nil {
			return fmt.Errorf("token %d of %d: %w", i+1, N, readErr(err))
		}
		id, tag := v/NumTags, v%NumTags
		if id >= V {
			return fmt.Errorf("token %d has id %d; the vocabulary has %d", i+1, id, V)
		}
		c.IDs[i], c.Tags[i] = uint16(id), Tag(tag)
	}
	if err := atEOF(br); err != nil {
		return err
	}
	c.Doc = make([]int, S)
	for i, d := range c.Docs {
		for s := d.First; s < d.End; s++ {
			c.Doc[s] = i
		}
	}
	return nil
}
