package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"sslab/ml/data"
	"sslab/ml/data/text"
	"sslab/ml/train"
)

// toyFiles returns text.Toy's corpus as the three files the worker
// fetches.
func toyFiles(t *testing.T) map[string][]byte {
	t.Helper()
	cats, docs := text.Toy(4, 30, 7)
	c, err := text.BuildBrown(cats, docs)
	if err != nil {
		t.Fatal(err)
	}
	files, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// newFetchingHarness is newHarness with a session that fetches files from
// the map, as the worker fetches them by URL.
func newFetchingHarness(t *testing.T, files map[string][]byte) *harness {
	h := &harness{t: t, inbox: NewMailbox(), out: make(chan Message, 4096)}
	fetches := 0
	s := &Session{Inbox: h.inbox, Exec: train.Parallel{Workers: 2}, Send: func(m Message) {
		b, err := json.Marshal(m)
		if err != nil {
			t.Errorf("%s message does not encode: %v", m.Type, err)
			return
		}
		var back Message
		json.Unmarshal(b, &back)
		back.Charts, back.Files = m.Charts, m.Files
		h.out <- back
	}, Fetch: func(url string) ([]byte, error) {
		fetches++
		name, ok := strings.CutPrefix(url, TextDataURL)
		if b, found := files[name]; ok && found {
			return b, nil
		}
		return nil, errors.New("404 Not Found")
	}}
	done := make(chan struct{})
	go func() {
		s.Serve()
		close(done)
	}()
	t.Cleanup(func() {
		h.inbox.Close()
		<-done
		if fetches > len(data.BrownFiles)*2 {
			t.Errorf("%d fetches: the corpus is fetched again for every run", fetches)
		}
	})
	return h
}

const toyTextQuery = "preset=brown-mlm&dmodel=16&heads=2&ffn=32&maxlen=16&batch=32&steps=8&tsents=0&lsents=0&fsseeds=2&aepochs=1"

// A text run in the session fetches the corpus, streams its held-out
// perplexity and token map, and ends with the rows the command line
// computes, bit for bit; a second run reuses the corpus.
func TestTextSession(t *testing.T) {
	files := toyFiles(t)
	h := newFetchingHarness(t, files)
	h.post(Message{Type: MsgStart, Run: 1, Query: toyTextQuery})
	got := h.until(2*time.Minute, 1, MsgResult)
	var perplexities int
	for _, m := range ofRun(got, 1, MsgSnapshot) {
		mon := m.Snapshot.Monitor
		if mon.Perplexity > 0 {
			perplexities++
		}
		if m.Charts[ChartEmbedding] == "" || m.Charts[ChartCollapse] == "" {
			t.Errorf("snapshot at step %d lacks its charts: %v", mon.Step, keys(m.Charts))
		}
	}
	last := ofRun(got, 1, MsgSnapshot)
	if perplexities < 2 || last[len(last)-1].Charts[ChartPerplexity] == "" {
		t.Errorf("%d snapshots with a perplexity", perplexities)
	}
	res := got[len(got)-1].Result

	cfg, err := DecodeQuery(toyTextQuery)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := data.ReadBrown(bytes.NewReader(files[text.VocabFile]), bytes.NewReader(files[text.DocsFile]), bytes.NewReader(files[text.SentencesFile]))
	if err != nil {
		t.Fatal(err)
	}
	run, err := train.NewRunWithData(cfg, ds)
	if err != nil {
		t.Fatal(err)
	}
	want, err := run.Execute(train.Serial{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != len(want.Rows) || len(res.Rows) == 0 {
		t.Fatalf("%d rows, the command line %d", len(res.Rows), len(want.Rows))
	}
	for i, r := range res.Rows {
		w := want.Rows[i]
		if math.Float64bits(r.Value) != math.Float64bits(w.Value) || r.Encoder != w.Encoder || r.NTask != w.NTask || r.NTokens != w.NTokens {
			t.Errorf("row %d: %+v, the command line %+v", i, r, w)
		}
	}
	h.post(Message{Type: MsgStart, Run: 2, Query: toyTextQuery + "&task=genre&shots=0"})
	h.until(2*time.Minute, 2, MsgResult)
}

// A truncated or corrupt data file is an error naming the file and the
// setting; nothing is kept, and the next run works.
func TestTextSessionBadFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(map[string][]byte)
		want []string
	}{
		{"truncated", func(f map[string][]byte) {
			f[text.SentencesFile] = f[text.SentencesFile][:len(f[text.SentencesFile])/2]
		}, []string{text.SentencesFile, "truncated"}},
		{"corrupt", func(f map[string][]byte) {
			b := bytes.Clone(f[text.VocabFile])
			b[len(b)/2] ^= 0x55
			f[text.VocabFile] = b
		}, []string{text.VocabFile}},
		{"missing", func(f map[string][]byte) { delete(f, text.DocsFile) }, []string{text.DocsFile, "404"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			good := toyFiles(t)
			files := map[string][]byte{}
			for k, v := range good {
				files[k] = v
			}
			tc.edit(files)
			h := newFetchingHarness(t, files)
			h.post(Message{Type: MsgStart, Run: 1, Query: toyTextQuery})
			m := h.next(time.Minute, MsgError)
			for _, w := range tc.want {
				if !strings.Contains(m.Message, w) {
					t.Errorf("error %q lacks %q", m.Message, w)
				}
			}
			if m.Param != "data" {
				t.Errorf("error names param %q, want data", m.Param)
			}
			h.post(Message{Type: MsgStart, Run: 2, Query: "preset=digits-quick&epochs=1&fsseeds=1&aepochs=1"})
			h.until(time.Minute, 2, MsgResult)
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// After a text run the page may ask its model: a blank is filled (with
// the attention maps of the sentence read), a bad question is answered
// with why, a word's senses are looked up; guesses come with snapshots.
func TestTextAsk(t *testing.T) {
	h := newFetchingHarness(t, toyFiles(t))
	h.post(Message{Type: MsgStart, Run: 1, Query: toyTextQuery})
	got := h.until(2*time.Minute, 1, MsgResult)
	snaps := ofRun(got, 1, MsgSnapshot)
	if last := snaps[len(snaps)-1]; last.Text == nil || len(last.Text.Examples) == 0 || last.Text.Objective != "mlm" {
		t.Errorf("the last snapshot's text insight: %+v", last.Text)
	}
	ask := func(q Ask) *Answer {
		t.Helper()
		h.post(Message{Type: MsgAsk, Run: 1, Ask: &q})
		return h.next(time.Minute, MsgAnswer).Answer
	}
	a := ask(Ask{Kind: AskBlank, Text: "the old horse ___ in the forest ."})
	if a.Error != "" || a.Answer == nil || len(a.Answer.Top) == 0 || len(a.Attention) != 2*2 || len(a.Attention[0]) != 8*8 {
		t.Errorf("blank: %+v", a)
	}
	for _, q := range []Ask{{Kind: AskBlank, Text: ""}, {Kind: AskBlank, Text: "<b>zzz</b> qqq ___"}, {Kind: AskContinue, Text: "the"}, {Kind: "poem", Text: "x"}} {
		if a := ask(q); a.Error == "" || a.Answer != nil {
			t.Errorf("%+v: answered %+v", q, a)
		}
	}
	if a := ask(Ask{Kind: AskSenses, Text: "can"}); a.Error != "" || a.Senses == nil || len(a.Senses.Senses) != 2 {
		t.Errorf("senses: %+v", a)
	}
}
