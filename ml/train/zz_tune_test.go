package train

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"sslab/ml/config"
)

func TestZZTune(t *testing.T) {
	if os.Getenv("ZZT") == "" {
		t.Skip()
	}
	cfg, _ := config.Preset(os.Getenv("ZZT"))
	for _, kv := range strings.Split(os.Getenv("SET"), "&") {
		if kv == "" {
			continue
		}
		p := strings.SplitN(kv, "=", 2)
		f, _ := config.Lookup(p[0])
		if err := f.Set(&cfg, p[1]); err != nil {
			t.Fatal(err)
		}
	}
	run, _ := NewRun(cfg)
	p, err := NewPretrainer(cfg, run.Dataset, run.Split, Parallel{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for !p.Done() {
		m, err := p.Step()
		if err != nil {
			t.Fatal(err)
		}
		if m.Step%(p.StepsPerEpoch()*5) == 0 {
			s := p.Monitor()
			t.Logf("step %d loss %.4f knn %.3f rank %.2f std %.3f", m.Step, m.Loss, s.KNN, s.EffRank, s.MeanStd)
		}
	}
	a := NewAdapter(cfg, run.Dataset, run.Split)
	reps := a.representations(p.Encoder(), p.InitialEncoder())
	for _, r := range reps[:1] {
		rows := a.probeRows(r, All)
		rows = append(rows, a.probeRows(r, 1)...)
		for _, row := range rows {
			t.Logf("%s %s %d %.3f", row.Encoder, row.Adaptation, row.NTask, row.Value)
		}
	}
	_ = strconv.Itoa
}
