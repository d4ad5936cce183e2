package text

import (
	"fmt"
	"sort"
	"strings"
)

// The special tokens, at the start of every vocabulary.
const (
	PAD       = 0 // fills a padded batch; never attends or is attended to
	UNK       = 1 // a word outside the vocabulary
	MASK      = 2 // a hidden token, for masked-token prediction
	FirstWord = 3 // the id of the most frequent word
)

var specials = [...]string{"[PAD]", "[UNK]", "[MASK]"}

// VocabWords is the number of words the protocol keeps.
const VocabWords = 5000

// Vocab maps words to ids: the specials, then the words, most frequent first.
type Vocab struct {
	Words []string // Words[id] is the word with that id
	index map[string]int
}

// NewVocab returns the vocabulary whose id i is words[i]; it checks that
// the specials come first and that every word is non-empty, without
// whitespace and listed once.
func NewVocab(words []string) (*Vocab, error) {
	if len(words) < FirstWord {
		return nil, fmt.Errorf("vocabulary: %d entries; want the %d specials and at least one word", len(words), FirstWord)
	}
	v := &Vocab{Words: words, index: make(map[string]int, len(words))}
	for i, w := range words {
		if i < FirstWord && w != specials[i] {
			return nil, fmt.Errorf("vocabulary: entry %d is %q; want %q", i, w, specials[i])
		}
		if w == "" || strings.ContainsAny(w, " \t\r\n") {
			return nil, fmt.Errorf("vocabulary: entry %d (%q) is empty or contains whitespace", i, w)
		}
		if j, dup := v.index[w]; dup {
			return nil, fmt.Errorf("vocabulary: %q is listed twice, as entries %d and %d", w, j, i)
		}
		v.index[w] = i
	}
	return v, nil
}

// Len returns the number of ids, specials included.
func (v *Vocab) Len() int { return len(v.Words) }

// ID returns the id of word, or UNK.
func (v *Vocab) ID(word string) int {
	if id, ok := v.index[word]; ok {
		return id
	}
	return UNK
}

// Has reports whether word is in the vocabulary (specials included).
func (v *Vocab) Has(word string) bool { _, ok := v.index[word]; return ok }

// BuildVocab returns the specials and the size most frequent of words (the
// training text's tokens, in reading order), ties broken by first
// occurrence.
func BuildVocab(words func(yield func(string) bool), size int) *Vocab {
	type entry struct{ count, first int }
	seen := map[string]*entry{}
	var order []string
	n := 0
	for w := range words {
		e, ok := seen[w]
		if !ok {
			e = &entry{first: n}
			seen[w] = e
			order = append(order, w)
		}
		e.count++
		n++
	}
	sort.SliceStable(order, func(i, j int) bool { return seen[order[i]].count > seen[order[j]].count })
	list := append([]string(nil), specials[:]...)
	for _, w := range order {
		if len(list) == size+FirstWord {
			break
		}
		if _, special := specialIndex(w); !special {
			list = append(list, w)
		}
	}
	v, err := NewVocab(list)
	if err != nil {
		panic(err) // words come from strings.Fields: never empty, no whitespace
	}
	return v
}

func specialIndex(w string) (int, bool) {
	for i, s := range specials {
		if s == w {
			return i, true
		}
	}
	return 0, false
}
