package session

import (
	"sync"

	"sslab/ml/data"
	"sslab/ml/num"
	"sslab/ml/train"
)

// previewExamples is how many examples a preview shows.
const previewExamples = 6

// preview draws the augmented views of a few training examples under the
// config of m: what the page shows before a run, redrawn whenever an
// augmentation setting changes. Only images have a picture to show; for
// other data the reply has no chart.
func (s *Session) preview(m Message) {
	cfg, err := DecodeQuery(m.Query)
	if err != nil {
		s.fail(m.Run, CodeBadConfig, err)
		return
	}
	ds, split, err := previewData(cfg.Dataset)
	if err != nil {
		s.fail(m.Run, CodeBadConfig, err)
		return
	}
	reply := Message{Type: MsgPreview, Run: m.Run, Query: m.Query, Charts: map[string]string{}}
	if ds.IsImage() {
		aug := data.NewAugmentation(ds, train.AugmentConfig(cfg))
		var orig, a, b [][]float64
		for i := range min(previewExamples, len(split.Train)) {
			row := split.Train[i]
			x := ds.X.Row(row)
			orig = append(orig, x)
			for view := range 2 {
				out := make([]float64, len(x))
				// A stream of its own: drawing a preview takes nothing from
				// the run's streams, so it cannot change a result.
				aug.Apply(out, x, num.NewRNG(cfg.Seed, num.Stream(0x9e71e3, uint64(row), uint64(view))))
				if view == 0 {
					a = append(a, out)
				} else {
					b = append(b, out)
				}
			}
		}
		reply.Charts[ChartPreview] = previewChart(orig, a, b, ds.Width, ds.Height)
	}
	s.Send(reply)
}

var previewCache struct {
	sync.Mutex
	name  string
	ds    *data.Dataset
	split data.Split
}

// previewData loads a dataset for previews once.
func previewData(name string) (*data.Dataset, data.Split, error) {
	previewCache.Lock()
	defer previewCache.Unlock()
	if previewCache.name != name {
		ds, err := data.Load(name, 1)
		if err != nil {
			return nil, data.Split{}, err
		}
		previewCache.name, previewCache.ds, previewCache.split = name, ds, data.DefaultSplit(ds)
	}
	return previewCache.ds, previewCache.split, nil
}
