package train

import (
	"os"
	"testing"

	"sslab/ml/config"
)

func TestZZPresets(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	for _, name := range config.PresetNames() {
		cfg, _ := config.Preset(name)
		run, err := NewRun(cfg)
		if err != nil {
			t.Log(name, err)
			continue
		}
		rep, err := run.Execute(Parallel{Workers: 2}, nil)
		if err != nil {
			t.Log(name, err)
			continue
		}
		all := len(run.Split.Train)
		m := "accuracy"
		if cfg.Task == "regression" {
			m = "r2"
		}
		pa, _ := rep.Find("pretrained", "linear-probe", all, m)
		ra, _ := rep.Find("random", "linear-probe", all, m)
		rawa, _ := rep.Find("raw", "linear-probe", all, m)
		k := cfg.Shots
		n := k * run.Dataset.Classes
		if cfg.Task == "regression" {
			n = 10 * k
		}
		p1, _ := rep.Find("pretrained", "linear-probe", n, m)
		r1, _ := rep.Find("random", "linear-probe", n, m)
		raw1, _ := rep.Find("raw", "linear-probe", n, m)
		km, _ := rep.Find("pretrained", "kmeans", 0, "accuracy")
		rkm, _ := rep.Find("random", "kmeans", 0, "accuracy")
		ft, _ := rep.Find("pretrained", "finetune", all, m)
		t.Logf("%-20s pre %.1fs GFLOP %.1f loss %.3f | all: pre %.3f rand %.3f raw %.3f ft %.3f | n=%d: pre %.3f rand %.3f raw %.3f | km %.3f rand %.3f",
			name, rep.PretrainSecond, rep.PretrainGFLOP, rep.FinalLoss, pa, ra, rawa, ft, n, p1, r1, raw1, km, rkm)
	}
}
