package export_test

import (
	"fmt"
	"strings"

	"sslab/app/export"
	"sslab/ml/config"
	"sslab/ml/train"
)

// The default preset's run as a PyTorch program: its header says what it
// runs and on what data.
func ExampleWrite() {
	r, err := train.NewRun(config.Default())
	if err != nil {
		fmt.Println(err)
		return
	}
	var b strings.Builder
	if err := export.WriteRun(&b, r, export.Options{Command: "sslab export -preset digits-simclr -out run.py"}); err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(b.String(), "\n")
	for _, l := range lines[:5] {
		fmt.Println(l)
	}
	// Output:
	// #!/usr/bin/env python3
	// # sslab run: digits simclr enc 128-64 | proj 64-32 | batch 128 | 50 epochs | adam lr 0.004 | temp 0.5
	// # config (paste after ? in the lab): preset=digits-simclr
	// # data: digits, 1797 examples of 64 features
	// # data source: UCI Optical Recognition of Handwritten Digits (E. Alpaydin, C. Kaynak, 1998), test set as shipped by scikit-learn (load_digits)
}
