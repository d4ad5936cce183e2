package text

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"sslab/ml/num"
)

// tinyBrown is a corpus in the package's layout: 5 documents in 2 genres,
// with blank and whitespace-only lines, mixed case and compound tags.
func tinyBrown() (cats []byte, docs map[string][]byte) {
	cats = []byte("ca01 news\nca02 news\nck01 fiction\nca03 news\nca04 news\n")
	docs = map[string][]byte{
		"ca01": []byte("\n\n\tThe/at Jury/nn-tl said/vbd ./.\n\n\n\tIt/pps is/bez n't/* 1/2/cd ./.\n"),
		"ca02": []byte("\tthe/at jury/nn ran/vbd\n \t \n"),
		"ck01": []byte("\tShe/pps ran/vbd home/nr ./.\n"),
		"ca03": []byte("\tA/at dog/nn ran/vbd ./.\n"),
		"ca04": []byte("\tThe/at zebra/nn slept/vbd ./.\n"), // index 3 of news: the test split
	}
	return
}

func buildTiny(t *testing.T) *Corpus {
	t.Helper()
	c, err := BuildBrown(tinyBrown())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func words(c *Corpus, s int) string {
	ids, tags := c.Sentence(s)
	var b []string
	for i, id := range ids {
		b = append(b, c.Vocab.Words[id]+"/"+tags[i].String())
	}
	return strings.Join(b, " ")
}

func TestBuildBrown(t *testing.T) {
	c := buildTiny(t)
	var got []string
	for s := range c.Sentences() {
		got = append(got, fmt.Sprintf("%s %v: %s", c.Docs[c.Doc[s]].ID, c.Test(s), words(c, s)))
	}
	// Documents sorted by id; ca04 (index 3 among news) is the test split,
	// and its "zebra" and "slept" are not training words.
	want := []string{
		"ca01 false: the/DET jury/NOUN said/VERB ./.",
		"ca01 false: it/PRON is/VERB n't/X 1/2/NUM ./.",
		"ca02 false: the/DET jury/NOUN ran/VERB",
		"ca03 false: a/DET dog/NOUN ran/VERB ./.",
		"ca04 true: the/DET [UNK]/NOUN [UNK]/VERB ./.",
		"ck01 false: she/PRON ran/VERB home/X ./.",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("sentences:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Training counts: . 4, the 2, jury 2, ran 3, then singletons in order
	// of first occurrence.
	wantVocab := []string{"[PAD]", "[UNK]", "[MASK]", ".", "ran", "the", "jury", "said", "it", "is", "n't", "1/2", "a", "dog", "she", "home"}
	if !slices.Equal(c.Vocab.Words, wantVocab) {
		t.Fatalf("vocabulary %v, want %v", c.Vocab.Words, wantVocab)
	}
	st := c.Stats()
	if st.Documents != 5 || st.TestDocuments != 1 || st.Sentences != 6 || st.TrainSentences != 5 || st.Tokens != 24 || st.TrainTokens != 20 || st.TrainUnknown != 0 {
		t.Fatalf("stats %+v", st)
	}
	if !c.Informative(0) || c.Informative(5) {
		t.Fatal("news is informative, fiction is not")
	}
}

// Ties in frequency go to the word seen first; a vocabulary stops at size.
func TestBuildVocabTies(t *testing.T) {
	text := strings.Fields("b a c a b d e e")
	v := BuildVocab(slices.Values(text), 3)
	if want := []string{"[PAD]", "[UNK]", "[MASK]", "b", "a", "e"}; !slices.Equal(v.Words, want) {
		t.Fatalf("vocabulary %v, want %v", v.Words, want)
	}
	if v.ID("c") != UNK || v.ID("e") != 5 {
		t.Fatal("lookups")
	}
}

func TestBuildBrownErrors(t *testing.T) {
	cats, docs := tinyBrown()
	for name, tc := range map[string]struct {
		cats []byte
		docs map[string][]byte
		want string
	}{
		"unknown genre": {[]byte("ca01 poetry\n"), map[string][]byte{"ca01": nil}, `unknown genre "poetry"`},
		"duplicate":     {[]byte("ca01 news\nca01 news\n"), map[string][]byte{"ca01": nil}, "listed twice"},
		"missing file":  {cats, map[string][]byte{"ca01": nil, "ca02": nil, "ca03": nil, "ca04": nil, "cx01": nil}, "ck01 (listed in cats.txt) has no file"},
		"bad token":     {cats, withDoc(docs, "ca02", "\tthe/at jury\n"), `document ca02, line 1: token "jury" is not word/tag`},
	} {
		if _, err := BuildBrown(tc.cats, tc.docs); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one with %q", name, err, tc.want)
		}
	}
}

func withDoc(docs map[string][]byte, id, body string) map[string][]byte {
	m := map[string][]byte{}
	for k, v := range docs {
		m[k] = v
	}
	m[id] = []byte(body)
	return m
}

func readEncoded(files map[string][]byte) (*Corpus, error) {
	return Read(bytes.NewReader(files[VocabFile]), bytes.NewReader(files[DocsFile]), bytes.NewReader(files[SentencesFile]))
}

func TestEncodeReadRoundTrip(t *testing.T) {
	c := buildTiny(t)
	files, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := readEncoded(files)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Vocab.Words, c.Vocab.Words) || !slices.Equal(back.IDs, c.IDs) || !slices.Equal(back.Tags, c.Tags) ||
		!slices.Equal(back.Start, c.Start) || !slices.Equal(back.Doc, c.Doc) || !slices.Equal(back.Docs, c.Docs) {
		t.Fatal("the corpus read back differs from the one written")
	}
	again, _ := back.Encode()
	for name := range files {
		if !bytes.Equal(files[name], again[name]) {
			t.Fatalf("%s: encoding is not deterministic", name)
		}
	}
}

// gz gzips b.
func gz(b []byte) []byte {
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

func gunzipped(t *testing.T, b []byte) []byte {
	z, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Every kind of damage gives an error that names the file and says what
// is wrong.
func TestReadRejectsDamagedFiles(t *testing.T) {
	c := buildTiny(t)
	good, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	sents := gunzipped(t, good[SentencesFile])
	docs := string(gunzipped(t, good[DocsFile]))
	vocab := string(gunzipped(t, good[VocabFile]))
	flip := func(b []byte, i int) []byte { b = slices.Clone(b); b[i] ^= 0x40; return b }
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"empty", SentencesFile, nil, "the file is empty"},
		{"not gzip", VocabFile, []byte("[PAD]\n[UNK]\n"), "not a gzip file"},
		{"truncated gzip", SentencesFile, good[SentencesFile][:len(good[SentencesFile])/2], "truncated"},
		{"truncated gzip end", SentencesFile, good[SentencesFile][:len(good[SentencesFile])-4], "truncated"},
		{"corrupt byte", SentencesFile, flip(good[SentencesFile], len(good[SentencesFile])-12), "corrupt"},
		{"checksum", DocsFile, flip(good[DocsFile], len(good[DocsFile])-6), "corrupt"},
		{"wrong magic", SentencesFile, gz(append([]byte("SSLBRWN0"), sents[8:]...)), `does not start with "SSLBRWN1"`},
		{"short content", SentencesFile, gz(sents[:len(sents)-3]), "truncated"},
		{"trailing data", SentencesFile, gz(append(slices.Clone(sents), 0)), "data after its end"},
		{"sentence count", SentencesFile, gz(append([]byte("SSLBRWN1\x07"), sents[9:]...)), "holds 7 sentences but brown-docs.tsv.gz counts 6"},
		// A vocabulary that does not fit the ids: found reading the sentences.
		{"vocab size", VocabFile, gz([]byte(vocab + "extra\n")), "brown-sentences.bin.gz: its ids are for a vocabulary of 16 words but brown-vocab.txt.gz has 17"},
		{"vocab specials", VocabFile, gz([]byte(strings.Replace(vocab, "[UNK]", "[unk]", 1))), `entry 1 is "[unk]"; want "[UNK]"`},
		{"vocab duplicate", VocabFile, gz([]byte(strings.Replace(vocab, "dog", "ran", 1))), `"ran" is listed twice`},
		{"docs header", DocsFile, gz([]byte(strings.Replace(docs, "sentences", "lines", 1))), "the first line is not the header"},
		{"docs split", DocsFile, gz([]byte(strings.Replace(docs, "ca04\tnews\ttest", "ca04\tnews\ttrain", 1))), "document ca04 is marked train, but the protocol"},
		{"docs order", DocsFile, gz([]byte(strings.Replace(docs, "ca02", "cz02", 1))), "is not after"},
		{"docs genre", DocsFile, gz([]byte(strings.Replace(docs, "fiction", "poetry", 1))), `unknown genre "poetry"`},
		{"docs count", DocsFile, gz([]byte(strings.Replace(docs, "ck01\tfiction\ttrain\t1", "ck01\tfiction\ttrain\tx", 1))), `sentence count "x"`},
	} {
		files := map[string][]byte{VocabFile: good[VocabFile], DocsFile: good[DocsFile], SentencesFile: good[SentencesFile]}
		files[tc.file] = tc.data
		_, err := readEncoded(files)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(tc.want, SentencesFile) && !strings.HasPrefix(err.Error(), tc.file+": ") {
			t.Errorf("%s: error %v; want one starting %q and saying %q", tc.name, err, tc.file, tc.want)
		}
	}
}

// Every truncation of the sentences file fails cleanly.
func TestReadEveryTruncation(t *testing.T) {
	c := buildTiny(t)
	good, _ := c.Encode()
	for n := 0; n < len(good[SentencesFile]); n++ {
		files := map[string][]byte{VocabFile: good[VocabFile], DocsFile: good[DocsFile], SentencesFile: good[SentencesFile][:n]}
		if _, err := readEncoded(files); err == nil || !strings.HasPrefix(err.Error(), SentencesFile+": ") {
			t.Fatalf("the file cut to %d bytes: error %v", n, err)
		}
	}
}

func TestMaskSentence(t *testing.T) {
	const vocab = 50
	rng := num.NewRNG(1, 1)
	counts := map[string]int{}
	chosen, tokens := 0, 0
	for s := range 4000 {
		sentence := make([]int, 1+s%32)
		for i := range sentence {
			sentence[i] = FirstWord + (i*7+s)%(vocab-FirstWord)
		}
		if s%5 == 0 {
			sentence[0] = PAD // a pad is never chosen
		}
		in := make([]int, len(sentence))
		rng.Reset(9, num.Stream(1, uint64(s)))
		pos, tgt := MaskSentence(in, sentence, vocab, rng, nil, nil)
		nonPad := len(sentence)
		if s%5 == 0 {
			nonPad--
		}
		if nonPad > 0 {
			if want := max(1, int(0.15*float64(nonPad)+0.5)); len(pos) != want {
				t.Fatalf("sentence %d of %d tokens: %d chosen, want %d", s, nonPad, len(pos), want)
			}
		}
		if !slices.IsSorted(pos) {
			t.Fatalf("positions %v are not in order", pos)
		}
		for i, p := range pos {
			if sentence[p] == PAD || tgt[i] != sentence[p] {
				t.Fatalf("position %d: target %d, sentence has %d", p, tgt[i], sentence[p])
			}
			switch {
			case in[p] == MASK:
				counts["mask"]++
			case in[p] == sentence[p]:
				counts["same"]++
			default:
				counts["random"]++
				if in[p] < FirstWord || in[p] >= vocab {
					t.Fatalf("random replacement %d is not a word", in[p])
				}
			}
		}
		for i := range sentence {
			if !slices.Contains(pos, i) && in[i] != sentence[i] {
				t.Fatalf("position %d was not chosen but changed", i)
			}
		}
		chosen += len(pos)
		tokens += nonPad
		// The same stream gives the same masking.
		in2 := make([]int, len(sentence))
		rng.Reset(9, num.Stream(1, uint64(s)))
		pos2, _ := MaskSentence(in2, sentence, vocab, rng, nil, nil)
		if !slices.Equal(in, in2) || !slices.Equal(pos, pos2) {
			t.Fatal("the same stream gave a different masking")
		}
	}
	if f := float64(chosen) / float64(tokens); f < 0.14 || f > 0.2 {
		t.Errorf("%.3f of tokens chosen", f)
	}
	// "same" includes random draws of the original word: 0.1 + 0.1/47.
	for k, want := range map[string]float64{"mask": 0.8, "random": 0.1 * 46 / 47, "same": 0.1 + 0.1/47} {
		if f := float64(counts[k]) / float64(chosen); f < want-0.03 || f > want+0.03 {
			t.Errorf("%s: %.3f of the chosen tokens, want about %.3f", k, f, want)
		}
	}
}

func TestSkipGramPairs(t *testing.T) {
	rng := num.NewRNG(2, 1)
	sentence := []int{5, UNK, 6, 7, 8}
	c, o := SkipGramPairs(nil, nil, sentence, 1, rng)
	// window 1 always: the words 5 6 7 8 ([UNK] dropped) and their neighbours.
	wantC, wantO := []int{5, 6, 6, 7, 7, 8}, []int{6, 5, 7, 6, 8, 7}
	if !slices.Equal(c, wantC) || !slices.Equal(o, wantO) {
		t.Fatalf("pairs %v %v, want %v %v", c, o, wantC, wantO)
	}
	// A dynamic window of 3: every pair is within 3, and all distances occur.
	seen := map[int]bool{}
	long := []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	for range 200 {
		c, o := SkipGramPairs(nil, nil, long, 3, rng)
		for i := range c {
			d := abs(c[i] - o[i])
			if d < 1 || d > 3 {
				t.Fatalf("pair %d-%d is %d apart", c[i], o[i], d)
			}
			seen[d] = true
		}
	}
	if len(seen) != 3 {
		t.Fatalf("distances seen %v", seen)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestNegativeSampler(t *testing.T) {
	counts := []int{0, 500, 0, 16, 0, 81, 1} // [UNK] is frequent but never drawn
	s, err := NewNegativeSampler(counts)
	if err != nil {
		t.Fatal(err)
	}
	// 16^0.75 = 8, 81^0.75 = 27, 1^0.75 = 1: total 36.
	want := map[int]float64{3: 8.0 / 36, 5: 27.0 / 36, 6: 1.0 / 36}
	for id, p := range want {
		if got := s.Probability(id); abs64(got-p) > 1e-12 {
			t.Errorf("P(%d) = %v, want %v", id, got, p)
		}
	}
	rng := num.NewRNG(3, 1)
	n := map[int]int{}
	const draws = 100000
	for _, id := range s.Sample(nil, draws, rng) {
		n[id]++
	}
	for id := range counts {
		f := float64(n[id]) / draws
		if abs64(f-want[id]) > 0.01 {
			t.Errorf("word %d drawn %.4f of the time, want %.4f", id, f, want[id])
		}
	}
	if _, err := NewNegativeSampler([]int{5, 5, 5}); err == nil {
		t.Error("a sampler with only specials was accepted")
	}
}

func abs64(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
