package train

import (
	"testing"

	"sslab/ml/config"
	"sslab/ml/data/text"
)

// BenchmarkTextLookupTable scores the best lookup table of words on the
// part-of-speech test split: each vocabulary id, [UNK] included, tagged
// with its most frequent tag over every training token. It is the ceiling
// of the one-hot words probe with all labels (a one-hot probe can only
// give each id one tag), under the protocol of 5,000 words and
// sentences cut to 32 tokens. It reports the table's accuracy on every
// test token, on the tokens of known words, and the share of [UNK]
// tokens. Under a second natively.
func BenchmarkTextLookupTable(b *testing.B) {
	ds := readBrownForBench(b)
	cfg, _ := config.Preset("brown-mlm-long")
	cfg.PoolSents, cfg.TestSents = 0, 0
	run, err := NewRunWithData(cfg, ds)
	if err != nil {
		b.Fatal(err)
	}
	maxLen, tags := cfg.MaxLen, len(ds.Text.TagNames)
	// tokens calls f with the id and tag of every token of rows.
	tokens := func(rows []int, f func(id, tag int)) {
		for _, r := range rows {
			for j := range min(ds.SentenceLen(r), maxLen) {
				f(int(ds.X.Row(r)[j]), int(ds.Text.Tags[r*ds.X.Cols+j]))
			}
		}
	}
	b.ResetTimer()
	for range b.N {
		counts := make([]int, len(ds.Text.Vocab)*tags) // (V, tags)
		tokens(run.Split.Train, func(id, tag int) { counts[id*tags+tag]++ })
		best := make([]int, len(ds.Text.Vocab))
		for id := range best {
			c := counts[id*tags : (id+1)*tags]
			for k := range c {
				if c[k] > c[best[id]] { // ties: the first tag
					best[id] = k
				}
			}
		}
		var n, right, unk, unkRight int
		tokens(run.Split.Test, func(id, tag int) {
			hit := best[id] == tag
			n, right = n+1, right+b2i(hit)
			if id == text.UNK {
				unk, unkRight = unk+1, unkRight+b2i(hit)
			}
		})
		if n == 0 || n == unk {
			b.Fatal("no test tokens of known words")
		}
		b.ReportMetric(float64(right)/float64(n), "acc")
		b.ReportMetric(float64(right-unkRight)/float64(n-unk), "acc_known")
		b.ReportMetric(float64(unk)/float64(n), "unk_share")
	}
}

func b2i(v bool) int {
	if v {
		return 1
	}
	return 0
}
